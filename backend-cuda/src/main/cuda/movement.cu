// Movement kernels of jrnn's CUDA backend: axis permutation and strided row copies, which
// implement slice, concat and expand.

#define MAX_RANK 8

// result axis k has size dims[k] and steps strides[k] elements through the input
struct Permutation {
    int rank;
    int dims[MAX_RANK];
    int strides[MAX_RANK];
};

// out[j] = x[sum_k j_k * strides[k]] where (j_0 .. j_rank-1) is the row-major index of j in dims
template <typename T>
__device__ void permute(long long n, Permutation p, const T* x, T* out) {
    long long stride = (long long) blockDim.x * gridDim.x;
    for (long long j = (long long) blockIdx.x * blockDim.x + threadIdx.x; j < n; j += stride) {
        long long rem = j;
        long long src = 0;
        for (int k = p.rank - 1; k >= 0; k--) {
            long long c = rem % p.dims[k];
            rem /= p.dims[k];
            src += c * p.strides[k];
        }
        out[j] = x[src];
    }
}

// dst[dstOff + r * dstPitch + c] = src[srcOff + (r / repeat) * srcPitch + c] for r < rows, c < width
template <typename T>
__device__ void copy_rows(long long rows, int width, const T* src, long long srcPitch, long long srcOff, T* dst,
                          long long dstPitch, long long dstOff, int repeat) {
    long long n = rows * width;
    long long stride = (long long) blockDim.x * gridDim.x;
    for (long long idx = (long long) blockIdx.x * blockDim.x + threadIdx.x; idx < n; idx += stride) {
        long long r = idx / width;
        long long c = idx % width;
        dst[dstOff + r * dstPitch + c] = src[srcOff + (r / repeat) * srcPitch + c];
    }
}

extern "C" __global__ void permute_f32(long long n, Permutation p, const float* x, float* out) {
    permute<float>(n, p, x, out);
}

extern "C" __global__ void permute_f64(long long n, Permutation p, const double* x, double* out) {
    permute<double>(n, p, x, out);
}

extern "C" __global__ void copy_rows_f32(long long rows, int width, const float* src, long long srcPitch,
                                         long long srcOff, float* dst, long long dstPitch, long long dstOff,
                                         int repeat) {
    copy_rows<float>(rows, width, src, srcPitch, srcOff, dst, dstPitch, dstOff, repeat);
}

extern "C" __global__ void copy_rows_f64(long long rows, int width, const double* src, long long srcPitch,
                                         long long srcOff, double* dst, long long dstPitch, long long dstOff,
                                         int repeat) {
    copy_rows<double>(rows, width, src, srcPitch, srcOff, dst, dstPitch, dstOff, repeat);
}

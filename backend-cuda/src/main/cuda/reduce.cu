// Reductions along one axis of jrnn's CUDA backend. A tensor is viewed as [outer, n, inner] around
// the reduced axis; out[o, i] = op over k of x[o, k, i]. Op codes: 0 sum, 1 max (NaN propagates).
// Sums accumulate in double for both dtypes.

__device__ __forceinline__ double combine(int op, double acc, double v) {
    if (op == 0) {
        return acc + v;
    }
    return acc != acc ? acc : (v != v ? v : (acc >= v ? acc : v));
}

__device__ __forceinline__ double identity_of(int op) {
    return op == 0 ? 0.0 : __longlong_as_double((long long) 0xfff0000000000000ULL);
}

// one thread per output element; suits inner > 1, where neighbouring threads read neighbouring columns
template <typename T>
__device__ void reduce_axis(int op, int outer, int n, int inner, const T* x, T* out) {
    long long total = (long long) outer * inner;
    long long stride = (long long) blockDim.x * gridDim.x;
    for (long long idx = (long long) blockIdx.x * blockDim.x + threadIdx.x; idx < total; idx += stride) {
        long long o = idx / inner;
        long long i = idx % inner;
        const T* base = x + o * n * inner + i;
        double acc = identity_of(op);
        for (int k = 0; k < n; k++) {
            acc = combine(op, acc, (double) base[(long long) k * inner]);
        }
        out[idx] = (T) acc;
    }
}

// one block per output row of a [rows, n] view (inner == 1); blockDim.x must be 256
template <typename T>
__device__ void reduce_rows(int op, int rows, int n, const T* x, T* out) {
    __shared__ double partial[256];
    for (int row = blockIdx.x; row < rows; row += gridDim.x) {
        const T* base = x + (long long) row * n;
        double acc = identity_of(op);
        for (int k = threadIdx.x; k < n; k += blockDim.x) {
            acc = combine(op, acc, (double) base[k]);
        }
        partial[threadIdx.x] = acc;
        __syncthreads();
        for (int width = blockDim.x / 2; width > 0; width /= 2) {
            if (threadIdx.x < width) {
                partial[threadIdx.x] = combine(op, partial[threadIdx.x], partial[threadIdx.x + width]);
            }
            __syncthreads();
        }
        if (threadIdx.x == 0) {
            out[row] = (T) partial[0];
        }
        __syncthreads();
    }
}

extern "C" __global__ void reduce_axis_f32(int op, int outer, int n, int inner, const float* x, float* out) {
    reduce_axis<float>(op, outer, n, inner, x, out);
}

extern "C" __global__ void reduce_axis_f64(int op, int outer, int n, int inner, const double* x, double* out) {
    reduce_axis<double>(op, outer, n, inner, x, out);
}

extern "C" __global__ void reduce_rows_f32(int op, int rows, int n, const float* x, float* out) {
    reduce_rows<float>(op, rows, n, x, out);
}

extern "C" __global__ void reduce_rows_f64(int op, int rows, int n, const double* x, double* out) {
    reduce_rows<double>(op, rows, n, x, out);
}

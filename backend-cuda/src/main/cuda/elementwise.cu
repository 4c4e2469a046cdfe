// Elementwise kernels of jrnn's CUDA backend: unary functions and binary functions with row
// broadcasting. Op codes match dev.jrnn.backend.cuda.OpCodes; semantics match UnaryOp.apply and
// BinaryOp.apply (NaN propagates through max, relu(NaN) = 0, sign keeps signed zeros and NaN).

template <typename T>
__device__ __forceinline__ T sigmoid_of(T x) {
    if (x >= T(0)) {
        return T(1) / (T(1) + exp(-x));
    }
    T e = exp(x);
    return e / (T(1) + e);
}

template <typename T>
__device__ __forceinline__ T apply_unary(int op, T x) {
    switch (op) {
        case 0: return -x;
        case 1: return exp(x);
        case 2: return log(x);
        case 3: return tanh(x);
        case 4: return sigmoid_of(x);
        case 5: return x > T(0) ? x : T(0);
        case 6: return sqrt(x);
        case 7: return fabs(x);
        default: return x > T(0) ? T(1) : (x < T(0) ? T(-1) : x);
    }
}

template <typename T>
__device__ __forceinline__ T apply_binary(int op, T a, T b) {
    switch (op) {
        case 0: return a + b;
        case 1: return a - b;
        case 2: return a * b;
        case 3: return a / b;
        case 4: return a != a ? a : (b != b ? b : (a >= b ? a : b));
        default: return a > b ? T(1) : T(0);
    }
}

// out[i] = f(x[i]) for i < n
template <typename T>
__device__ void unary(int op, long long n, const T* x, T* out) {
    long long stride = (long long) blockDim.x * gridDim.x;
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
        out[i] = apply_unary(op, x[i]);
    }
}

// out[i] = f(a[i mod na], b[i mod nb]) for i < n: a trailing-suffix operand repeats over the rows
template <typename T>
__device__ void binary(int op, long long n, const T* a, long long na, const T* b, long long nb, T* out) {
    long long stride = (long long) blockDim.x * gridDim.x;
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
        T x = a[na == n ? i : i % na];
        T y = b[nb == n ? i : i % nb];
        out[i] = apply_binary(op, x, y);
    }
}

extern "C" __global__ void unary_f32(int op, long long n, const float* x, float* out) {
    unary<float>(op, n, x, out);
}

extern "C" __global__ void unary_f64(int op, long long n, const double* x, double* out) {
    unary<double>(op, n, x, out);
}

extern "C" __global__ void binary_f32(int op, long long n, const float* a, long long na, const float* b,
                                      long long nb, float* out) {
    binary<float>(op, n, a, na, b, nb, out);
}

extern "C" __global__ void binary_f64(int op, long long n, const double* a, long long na, const double* b,
                                      long long nb, double* out) {
    binary<double>(op, n, a, na, b, nb, out);
}

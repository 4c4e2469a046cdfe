// Tiled matrix product of jrnn's CUDA backend, row-major:
// C[m, n] = alpha * sum_k op(A)[m, k] op(B)[k, n] + beta * C[m, n]  (C is not read when beta == 0),
// op(A)[m, k] = transA ? A[k * lda + m] : A[m * lda + k] and op(B)[k, n] = transB ? B[n * ldb + k] : B[k * ldb + n].
// A 16 x 16 block computes a 64 x 64 tile of C, each thread a 4 x 4 register block, K in steps of 16.

#define TILE 64
#define DEPTH 16
#define THREADS 256

template <typename T>
__device__ void gemm(int transA, int transB, int m, int n, int k, T alpha, const T* a, int lda, const T* b,
                     int ldb, T beta, T* c, int ldc) {
    __shared__ T as[DEPTH][TILE + 1];
    __shared__ T bs[DEPTH][TILE + 1];
    int tx = threadIdx.x % 16;
    int ty = threadIdx.x / 16;
    int row0 = blockIdx.y * TILE;
    int col0 = blockIdx.x * TILE;
    T acc[4][4];
    for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++) {
            acc[i][j] = T(0);
        }
    }
    for (int k0 = 0; k0 < k; k0 += DEPTH) {
        for (int l = 0; l < (TILE * DEPTH) / THREADS; l++) {
            int idx = threadIdx.x + l * THREADS;
            // A tile: op(A)[row0 + mi, k0 + ki], read along A's contiguous axis
            int mi = transA ? idx % TILE : idx / DEPTH;
            int ki = transA ? idx / TILE : idx % DEPTH;
            int gm = row0 + mi;
            int gk = k0 + ki;
            T av = T(0);
            if (gm < m && gk < k) {
                av = transA ? a[(long long) gk * lda + gm] : a[(long long) gm * lda + gk];
            }
            as[ki][mi] = av;
            // B tile: op(B)[k0 + kj, col0 + nj]
            int nj = transB ? idx / DEPTH : idx % TILE;
            int kj = transB ? idx % DEPTH : idx / TILE;
            int gn = col0 + nj;
            int gk2 = k0 + kj;
            T bv = T(0);
            if (gn < n && gk2 < k) {
                bv = transB ? b[(long long) gn * ldb + gk2] : b[(long long) gk2 * ldb + gn];
            }
            bs[kj][nj] = bv;
        }
        __syncthreads();
        for (int kk = 0; kk < DEPTH; kk++) {
            T ra[4];
            T rb[4];
            for (int i = 0; i < 4; i++) {
                ra[i] = as[kk][ty + 16 * i];
                rb[i] = bs[kk][tx + 16 * i];
            }
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    acc[i][j] += ra[i] * rb[j];
                }
            }
        }
        __syncthreads();
    }
    for (int i = 0; i < 4; i++) {
        int gm = row0 + ty + 16 * i;
        if (gm >= m) {
            continue;
        }
        for (int j = 0; j < 4; j++) {
            int gn = col0 + tx + 16 * j;
            if (gn < n) {
                long long at = (long long) gm * ldc + gn;
                T v = alpha * acc[i][j];
                c[at] = beta == T(0) ? v : v + beta * c[at];
            }
        }
    }
}

extern "C" __global__ void __launch_bounds__(THREADS) gemm_f32(int transA, int transB, int m, int n, int k,
        float alpha, const float* a, int lda, const float* b, int ldb, float beta, float* c, int ldc) {
    gemm<float>(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

extern "C" __global__ void __launch_bounds__(THREADS) gemm_f64(int transA, int transB, int m, int n, int k,
        double alpha, const double* a, int lda, const double* b, int ldb, double beta, double* c, int ldc) {
    gemm<double>(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

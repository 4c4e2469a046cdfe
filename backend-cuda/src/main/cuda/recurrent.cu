// Fused recurrent gate kernels of jrnn's CUDA backend, one thread per (batch row b, hidden unit j).
// They implement dev.jrnn.api.fused.RecurrentDefaults: the caller has computed the recurrent
// projection q = h W_hh^T with one GEMM; the kernel adds b_hh (nullable), applies the gates and the
// lengths mask. A row is running at step t when lengths is null or t < lengths[b]; a stopped row
// carries its state, and its output and gradients are zero. Pointers are already at step t;
// pointers documented as nullable may be 0.

template <typename T>
__device__ __forceinline__ T sigm(T x) {
    if (x >= T(0)) {
        return T(1) / (T(1) + exp(-x));
    }
    T e = exp(x);
    return e / (T(1) + e);
}

__device__ __forceinline__ bool running(const int* lengths, int t, int b) {
    return lengths == 0 || t < lengths[b];
}

#define FOR_EACH_UNIT(batch, hidden)                                                                       \
    long long total = (long long) (batch) * (hidden);                                                     \
    long long stride = (long long) blockDim.x * gridDim.x;                                                \
    for (long long idx = (long long) blockIdx.x * blockDim.x + threadIdx.x; idx < total; idx += stride)

// LSTM: z = p + (q + bias); i, f, o = sigm, g = tanh; c' = f c + i g; h' = o tanh(c').
// Writes gates [B, 4H], cOut, hOut (carried state when stopped) and out (h', 0 when stopped; nullable).
template <typename T>
__device__ void lstm_forward(int batch, int hidden, int t, const int* lengths, const T* p, const T* q,
                             const T* bias, const T* hPrev, const T* cPrev, T* gates, T* cOut, T* hOut, T* out) {
    FOR_EACH_UNIT(batch, hidden) {
        int b = (int) (idx / hidden);
        int j = (int) (idx % hidden);
        long long g0 = (long long) b * 4 * hidden + j;
        T z[4];
        for (int k = 0; k < 4; k++) {
            T rec = q[g0 + k * hidden] + (bias ? bias[j + k * hidden] : T(0));
            z[k] = p[g0 + k * hidden] + rec;
        }
        T ig = sigm(z[0]);
        T fg = sigm(z[1]);
        T gg = tanh(z[2]);
        T og = sigm(z[3]);
        T c = cPrev[idx];
        T cNext = fg * c + ig * gg;
        T hNext = og * tanh(cNext);
        gates[g0] = ig;
        gates[g0 + hidden] = fg;
        gates[g0 + 2 * hidden] = gg;
        gates[g0 + 3 * hidden] = og;
        bool on = running(lengths, t, b);
        cOut[idx] = on ? cNext : c;
        hOut[idx] = on ? hNext : hPrev[idx];
        if (out) {
            out[idx] = on ? hNext : T(0);
        }
    }
}

// GRU: r = sigm(p_r + q_r + b_r), z = sigm(p_z + q_z + b_z), hn = q_n + b_n, n = tanh(p_n + r hn),
// h' = n + z (h - n). Writes gates [B, 3H] (r, z, n), hnOut, hOut and out (nullable).
template <typename T>
__device__ void gru_forward(int batch, int hidden, int t, const int* lengths, const T* p, const T* q,
                            const T* bias, const T* hPrev, T* gates, T* hnOut, T* hOut, T* out) {
    FOR_EACH_UNIT(batch, hidden) {
        int b = (int) (idx / hidden);
        int j = (int) (idx % hidden);
        long long g0 = (long long) b * 3 * hidden + j;
        T qr = q[g0] + (bias ? bias[j] : T(0));
        T qz = q[g0 + hidden] + (bias ? bias[j + hidden] : T(0));
        T hn = q[g0 + 2 * hidden] + (bias ? bias[j + 2 * hidden] : T(0));
        T r = sigm(p[g0] + qr);
        T z = sigm(p[g0 + hidden] + qz);
        T n = tanh(p[g0 + 2 * hidden] + r * hn);
        T h = hPrev[idx];
        T hNext = n + z * (h - n);
        gates[g0] = r;
        gates[g0 + hidden] = z;
        gates[g0 + 2 * hidden] = n;
        hnOut[idx] = hn;
        bool on = running(lengths, t, b);
        hOut[idx] = on ? hNext : h;
        if (out) {
            out[idx] = on ? hNext : T(0);
        }
    }
}

// Elman: h' = f(p + (q + bias)), f = relu when relu != 0, else tanh. Writes hOut and out (nullable).
template <typename T>
__device__ void rnn_forward(int batch, int hidden, int t, const int* lengths, int relu, const T* p, const T* q,
                            const T* bias, const T* hPrev, T* hOut, T* out) {
    FOR_EACH_UNIT(batch, hidden) {
        int b = (int) (idx / hidden);
        int j = (int) (idx % hidden);
        T pre = p[idx] + (q[idx] + (bias ? bias[j] : T(0)));
        T hNext = relu ? (pre > T(0) ? pre : T(0)) : tanh(pre);
        bool on = running(lengths, t, b);
        hOut[idx] = on ? hNext : hPrev[idx];
        if (out) {
            out[idx] = on ? hNext : T(0);
        }
    }
}

// LSTM backward with dh = dhIn + dOut (dOut nullable), zero when stopped, and dc = dcIn likewise:
// dcT = dc + dh o (1 - tanh(c')^2); di = dcT g i(1-i); df = dcT c f(1-f); dg = dcT i (1-g^2);
// do = dh tanh(c') o(1-o). Writes dGates, dcOut = dcT f (dcIn when stopped) and dhCarry (nullable):
// the part of the previous dh that is not dGates W_hh, that is 0, or dhIn when stopped.
template <typename T>
__device__ void lstm_backward(int batch, int hidden, int t, const int* lengths, const T* dhIn, const T* dOut,
                              const T* dcIn, const T* gates, const T* cPrev, const T* cNext, T* dGates,
                              T* dhCarry, T* dcOut) {
    FOR_EACH_UNIT(batch, hidden) {
        int b = (int) (idx / hidden);
        int j = (int) (idx % hidden);
        long long g0 = (long long) b * 4 * hidden + j;
        bool on = running(lengths, t, b);
        T dhIncoming = dhIn[idx];
        T dcIncoming = dcIn[idx];
        T dh = on ? dhIncoming + (dOut ? dOut[idx] : T(0)) : T(0);
        T dc = on ? dcIncoming : T(0);
        T ig = gates[g0];
        T fg = gates[g0 + hidden];
        T gg = gates[g0 + 2 * hidden];
        T og = gates[g0 + 3 * hidden];
        T tc = tanh(cNext[idx]);
        T dcTotal = dc + dh * og * (T(1) - tc * tc);
        dGates[g0] = dcTotal * gg * (ig * (T(1) - ig));
        dGates[g0 + hidden] = dcTotal * cPrev[idx] * (fg * (T(1) - fg));
        dGates[g0 + 2 * hidden] = dcTotal * ig * (T(1) - gg * gg);
        dGates[g0 + 3 * hidden] = dh * tc * (og * (T(1) - og));
        dcOut[idx] = on ? dcTotal * fg : dcIncoming;
        if (dhCarry) {
            dhCarry[idx] = on ? T(0) : dhIncoming;
        }
    }
}

// GRU backward with dh = dhIn + dOut (zero when stopped): dn = dh (1-z)(1-n^2); dz = dh (h - n) z(1-z);
// dr = dn hn r(1-r). Writes dInput = (dr, dz, dn), dHidden = (dr, dz, dn r) and dhCarry = dh z
// (dhIn when stopped), to which the caller adds dHidden W_hh.
template <typename T>
__device__ void gru_backward(int batch, int hidden, int t, const int* lengths, const T* dhIn, const T* dOut,
                             const T* gates, const T* hn, const T* hPrev, T* dInput, T* dHidden, T* dhCarry) {
    FOR_EACH_UNIT(batch, hidden) {
        int b = (int) (idx / hidden);
        int j = (int) (idx % hidden);
        long long g0 = (long long) b * 3 * hidden + j;
        bool on = running(lengths, t, b);
        T dhIncoming = dhIn[idx];
        T dh = on ? dhIncoming + (dOut ? dOut[idx] : T(0)) : T(0);
        T r = gates[g0];
        T z = gates[g0 + hidden];
        T n = gates[g0 + 2 * hidden];
        T dn = dh * (T(1) - z) * (T(1) - n * n);
        T dz = dh * (hPrev[idx] - n) * (z * (T(1) - z));
        T dr = dn * hn[idx] * (r * (T(1) - r));
        dInput[g0] = dr;
        dInput[g0 + hidden] = dz;
        dInput[g0 + 2 * hidden] = dn;
        dHidden[g0] = dr;
        dHidden[g0 + hidden] = dz;
        dHidden[g0 + 2 * hidden] = dn * r;
        dhCarry[idx] = on ? dh * z : dhIncoming;
    }
}

// Elman backward with dh = dhIn + dOut (zero when stopped): dPre = dh f'(h'), f' = [h' > 0] for relu,
// 1 - h'^2 for tanh. Writes dPre and dhCarry (nullable): 0, or dhIn when stopped.
template <typename T>
__device__ void rnn_backward(int batch, int hidden, int t, const int* lengths, int relu, const T* dhIn,
                             const T* dOut, const T* hNext, T* dPre, T* dhCarry) {
    FOR_EACH_UNIT(batch, hidden) {
        int b = (int) (idx / hidden);
        bool on = running(lengths, t, b);
        T dhIncoming = dhIn[idx];
        T dh = on ? dhIncoming + (dOut ? dOut[idx] : T(0)) : T(0);
        T y = hNext[idx];
        T slope = relu ? (y > T(0) ? T(1) : T(0)) : T(1) - y * y;
        dPre[idx] = dh * slope;
        if (dhCarry) {
            dhCarry[idx] = on ? T(0) : dhIncoming;
        }
    }
}

#define INSTANTIATE(T, S)                                                                                   \
    extern "C" __global__ void lstm_forward_##S(int batch, int hidden, int t, const int* lengths, const T* p, \
            const T* q, const T* bias, const T* hPrev, const T* cPrev, T* gates, T* cOut, T* hOut, T* out) {  \
        lstm_forward<T>(batch, hidden, t, lengths, p, q, bias, hPrev, cPrev, gates, cOut, hOut, out);        \
    }                                                                                                       \
    extern "C" __global__ void gru_forward_##S(int batch, int hidden, int t, const int* lengths, const T* p,  \
            const T* q, const T* bias, const T* hPrev, T* gates, T* hnOut, T* hOut, T* out) {                \
        gru_forward<T>(batch, hidden, t, lengths, p, q, bias, hPrev, gates, hnOut, hOut, out);               \
    }                                                                                                       \
    extern "C" __global__ void rnn_forward_##S(int batch, int hidden, int t, const int* lengths, int relu,    \
            const T* p, const T* q, const T* bias, const T* hPrev, T* hOut, T* out) {                        \
        rnn_forward<T>(batch, hidden, t, lengths, relu, p, q, bias, hPrev, hOut, out);                       \
    }                                                                                                       \
    extern "C" __global__ void lstm_backward_##S(int batch, int hidden, int t, const int* lengths,           \
            const T* dhIn, const T* dOut, const T* dcIn, const T* gates, const T* cPrev, const T* cNext,     \
            T* dGates, T* dhCarry, T* dcOut) {                                                               \
        lstm_backward<T>(batch, hidden, t, lengths, dhIn, dOut, dcIn, gates, cPrev, cNext, dGates, dhCarry,  \
                dcOut);                                                                                     \
    }                                                                                                       \
    extern "C" __global__ void gru_backward_##S(int batch, int hidden, int t, const int* lengths,            \
            const T* dhIn, const T* dOut, const T* gates, const T* hn, const T* hPrev, T* dInput,            \
            T* dHidden, T* dhCarry) {                                                                        \
        gru_backward<T>(batch, hidden, t, lengths, dhIn, dOut, gates, hn, hPrev, dInput, dHidden, dhCarry);  \
    }                                                                                                       \
    extern "C" __global__ void rnn_backward_##S(int batch, int hidden, int t, const int* lengths, int relu,   \
            const T* dhIn, const T* dOut, const T* hNext, T* dPre, T* dhCarry) {                             \
        rnn_backward<T>(batch, hidden, t, lengths, relu, dhIn, dOut, hNext, dPre, dhCarry);                  \
    }

INSTANTIATE(float, f32)
INSTANTIATE(double, f64)

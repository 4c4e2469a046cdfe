package dev.jrnn.backend.nd4j;

import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * oneDNN's {@code dnnl_sgemm}, the backend's float32 GEMM where its natives load: faster than
 * OpenBLAS at a recurrent step's products (few rows against an untransposed weight) and on large
 * products, slower with a transposed right operand and few rows, so {@link Gemm} keeps OpenBLAS for
 * that case and the time loops multiply by a transposed copy of their weight made once (figures on
 * the benchmarks page).
 *
 * <p>Whether the backend uses it is its {@link Nd4jSettings#oneDnnSgemm()}; where oneDNN's natives
 * are missing for the platform, the backend logs why and uses OpenBLAS.
 */
final class OneDnnSgemm {
    private static final Logger LOG = LoggerFactory.getLogger(OneDnnSgemm.class);
    private static final String VERSION = "oneDNN " + dnnl.DNNL_VERSION_MAJOR + "." + dnnl.DNNL_VERSION_MINOR + "."
            + dnnl.DNNL_VERSION_PATCH;
    private static volatile Boolean loaded;
    private static volatile String failure = "";

    private OneDnnSgemm() {
    }

    /** Whether oneDNN's natives loaded; loads them on the first call. */
    static boolean loaded() {
        Boolean l = loaded;
        return l != null ? l : load();
    }

    /** What the float32 GEMM is and why, for a backend whose settings {@code wanted} oneDNN or not. */
    static String describe(boolean wanted) {
        if (!wanted) {
            return "OpenBLAS sgemm (" + Nd4jSettings.SGEMM + "=openblas)";
        }
        return loaded() ? VERSION + " sgemm" : "OpenBLAS sgemm (" + failure + ")";
    }

    private static synchronized boolean load() {
        if (loaded != null) {
            return loaded;
        }
        boolean on = false;
        try {
            Loader.load(dnnl.class);
            on = true;
        } catch (Throwable t) {
            failure = VERSION + " natives did not load: " + t;
            LOG.warn("nd4j backend: float32 GEMMs run on OpenBLAS: {}", failure);
        }
        loaded = on;
        return on;
    }

    /**
     * Row-major {@code C[m, n] = alpha op(A) op(B) + beta C} at the pointers' positions.
     *
     * @throws IllegalStateException if oneDNN rejects the arguments (its status code in the message)
     */
    static void run(boolean transA, boolean transB, int m, int n, int k, float alpha, FloatPointer a, int lda,
                    FloatPointer b, int ldb, float beta, FloatPointer c, int ldc) {
        int status = dnnl.dnnl_sgemm(transA ? (byte) 'T' : (byte) 'N', transB ? (byte) 'T' : (byte) 'N', m, n, k,
                alpha, a, lda, b, ldb, beta, c, ldc);
        if (status != 0) {
            throw new IllegalStateException("oneDNN sgemm failed with status " + status + " for m=" + m + " n=" + n
                    + " k=" + k + " lda=" + lda + " ldb=" + ldb + " ldc=" + ldc + " transA=" + transA
                    + " transB=" + transB);
        }
    }
}

package dev.jrnn.backend.nd4j;

import java.util.Locale;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * oneDNN's {@code dnnl_sgemm}, the backend's float32 GEMM where its natives load. At the products
 * of a recurrent step (64 rows against a 256x1024 or 512x2048 weight, the weight not transposed)
 * its AVX-512 kernels ran at 150-210 GFLOP/s on two cores where OpenBLAS's SkylakeX kernels ran at
 * 100-150; with the right operand transposed and few rows it was slower than OpenBLAS (75-145
 * against 125-137), so {@link Gemm} keeps OpenBLAS for that case and the time loops multiply by a
 * transposed copy of their weight made once. On large products oneDNN was as fast or faster (an
 * input projection 3200x32x512: 170-180 against OpenBLAS's 44-70).
 *
 * <p>System property {@value #PROPERTY}: {@code onednn} (default) or {@code openblas}. Where
 * oneDNN's natives are missing for the platform, the backend logs why and uses OpenBLAS.
 */
final class OneDnnSgemm {
    /** System property choosing the float32 GEMM: {@code onednn} (default) or {@code openblas}. */
    static final String PROPERTY = "jrnn.nd4j.sgemm";

    private static final Logger LOG = LoggerFactory.getLogger(OneDnnSgemm.class);
    private static final String VERSION = "oneDNN " + dnnl.DNNL_VERSION_MAJOR + "." + dnnl.DNNL_VERSION_MINOR + "."
            + dnnl.DNNL_VERSION_PATCH;
    private static volatile Boolean enabled;
    private static volatile String reason = "not loaded yet";

    private OneDnnSgemm() {
    }

    /** Whether float32 GEMMs run on oneDNN; loads its natives on the first call. */
    static boolean enabled() {
        Boolean e = enabled;
        return e != null ? e : load();
    }

    /** What the float32 GEMM is and why, for the backend's description. */
    static String describe() {
        return enabled() ? VERSION + " sgemm" : "OpenBLAS sgemm (" + reason + ")";
    }

    private static synchronized boolean load() {
        if (enabled != null) {
            return enabled;
        }
        String mode = System.getProperty(PROPERTY, "onednn").toLowerCase(Locale.ROOT);
        boolean on = false;
        switch (mode) {
            case "openblas" -> reason = PROPERTY + "=openblas";
            case "onednn" -> {
                try {
                    Loader.load(dnnl.class);
                    on = true;
                    reason = "";
                } catch (Throwable t) {
                    reason = VERSION + " natives did not load: " + t;
                    LOG.warn("nd4j backend: float32 GEMMs run on OpenBLAS: {}", reason);
                }
            }
            default -> throw new IllegalArgumentException("system property " + PROPERTY + " is '" + mode
                    + "'; expected onednn or openblas");
        }
        enabled = on;
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

package dev.jrnn.backend.nd4j;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.matmul;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.javacpp.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Float32 products of the weight-gradient form {@code C[m, n] = A^T B + beta C} ({@code A} [k, m],
 * {@code B} [k, n], both row-major) on oneDNN's matmul primitive, whose batch-reduce kernels read a
 * transposed left operand faster than {@code dnnl_sgemm} does.
 *
 * <p>Each thread keeps its primitives, with their memory objects, per layout (shapes, leading
 * dimensions, beta and the thread's OpenMP count, which oneDNN fixes when it makes one); a call
 * re-aims the memory objects at its operands. Where oneDNN picks no batch-reduce kernel (CPUs
 * without AVX-512, padded leading dimensions) the layout is remembered as declined and the caller
 * runs sgemm.
 */
final class OneDnnMatmul {
    /** Fewest multiply-adds {@code m n k} for which a product goes here. */
    static final long MIN_MACS = 1L << 24;
    /**
     * Fewest rows of C (the gradient's rows: gates times hidden units) for which a product goes
     * here: with fewer, whole training steps came out slower, though the products alone did not.
     */
    static final int MIN_ROWS = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(OneDnnMatmul.class);
    private static final ThreadPrimitives<Layout, Kept> KEPT =
            new ThreadPrimitives<>(64, OneDnnMatmul::make, Kept::close);
    private static final Kept DECLINED = new Kept(null, null, null, null, null, null, null, null, null);

    private OneDnnMatmul() {
    }

    /**
     * Whether a float32 product {@code A^T B} of this size is worth trying here: at least
     * {@value #MIN_ROWS} rows and {@value #MIN_MACS} multiply-adds. {@link Gemm} asks only where
     * oneDNN loaded and {@link Nd4jSettings#oneDnnMatmul()} is on.
     */
    static boolean fits(int m, int n, int k) {
        return m >= MIN_ROWS && (long) m * n * k >= MIN_MACS;
    }

    /**
     * {@code C = A^T B + beta C} at the pointers' element offsets, or false (nothing written) where
     * this layout has no batch-reduce kernel.
     */
    static boolean transposedLeft(int m, int n, int k, Pointer a, long aFrom, int lda, Pointer b, long bFrom, int ldb,
                                  float beta, Pointer c, long cFrom, int ldc) {
        int threads = OmpThreads.available() ? OmpThreads.get() : 0;
        Layout layout = new Layout(m, n, k, lda, ldb, ldc, beta, threads);
        Kept entry = KEPT.get(layout);
        if (entry == DECLINED) {
            return false;
        }
        entry.run(a, aFrom, b, bFrom, c, cFrom);
        return true;
    }

    private static Kept make(Layout l) {
        memory.desc src = OneDnn.matrix(l.m, l.k, 1, l.lda);
        memory.desc weights = OneDnn.matrix(l.k, l.n, l.ldb, 1);
        memory.desc dst = OneDnn.matrix(l.m, l.n, l.ldc, 1);
        primitive_attr attr = new primitive_attr();
        if (l.beta != 0f) {
            post_ops sum = new post_ops();
            sum.append_sum(l.beta, 0);
            attr.set_post_ops(sum);
        }
        try {
            matmul.primitive_desc pd = new matmul.primitive_desc(new matmul.desc(src, weights, dst), attr,
                    OneDnn.engine());
            String impl = pd.impl_info_str().getString();
            if (!impl.startsWith("brg")) {
                LOG.debug("nd4j backend: oneDNN's matmul for {} is '{}'; sgemm runs it", l, impl);
                pd.close();
                return DECLINED;
            }
            return Kept.of(pd, src, weights, dst);
        } catch (RuntimeException e) {
            LOG.info("nd4j backend: oneDNN's matmul could not be made for {} ({}); sgemm runs it", l, e.toString());
            return DECLINED;
        }
    }

    private record Layout(int m, int n, int k, int lda, int ldb, int ldc, float beta, int threads) {
    }

    /** A primitive and its memory objects, re-aimed at the operands by each call. */
    private record Kept(matmul.primitive_desc pd, matmul primitive, memory src, memory weights, memory dst,
                        IntMemoryMap args, OneDnn.Address aAt, OneDnn.Address bAt, OneDnn.Address cAt) {
        static Kept of(matmul.primitive_desc pd, memory.desc src, memory.desc weights, memory.desc dst) {
            Kept k = new Kept(pd, new matmul(pd), new memory(src, OneDnn.engine(), null),
                    new memory(weights, OneDnn.engine(), null), new memory(dst, OneDnn.engine(), null),
                    new IntMemoryMap(), new OneDnn.Address(), new OneDnn.Address(), new OneDnn.Address());
            k.args.put(dnnl.DNNL_ARG_SRC, k.src);
            k.args.put(dnnl.DNNL_ARG_WEIGHTS, k.weights);
            k.args.put(dnnl.DNNL_ARG_DST, k.dst);
            return k;
        }

        void run(Pointer a, long aFrom, Pointer b, long bFrom, Pointer c, long cFrom) {
            src.set_data_handle(aAt.at(a, aFrom));
            weights.set_data_handle(bAt.at(b, bFrom));
            dst.set_data_handle(cAt.at(c, cFrom));
            primitive.execute(OneDnn.stream(), args);
        }

        void close() {
            if (primitive != null) {
                args.close();
                src.close();
                weights.close();
                dst.close();
                primitive.close();
                pd.close();
            }
        }
    }
}

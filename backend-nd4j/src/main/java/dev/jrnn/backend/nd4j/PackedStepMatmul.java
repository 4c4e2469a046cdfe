package dev.jrnn.backend.nd4j;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.matmul;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.javacpp.Pointer;

/**
 * One batch slice's step product {@code C[m, n] = A[m, k] W[k, n]} on oneDNN's matmul primitive, with
 * the weight W reordered once, when the loop starts, into the layout the primitive's kernel reads
 * ({@code format_tag::any}); each step then only re-aims A and C. On oneDNN's sgemm, which starts
 * from W's plain layout at every call, a slice of 32 rows by a [512, 2048] weight ran at about 80% of
 * its rate on larger products. Made on the slice's thread with its OpenMP count of one, and used
 * there only.
 */
final class PackedStepMatmul implements AutoCloseable {
    private final matmul.primitive_desc pd;
    private final matmul primitive;
    private final memory src;
    private final memory weights;
    private final memory dst;
    private final IntMemoryMap args;
    private final OneDnn.Address aAt = new OneDnn.Address();
    private final OneDnn.Address cAt = new OneDnn.Address();

    private PackedStepMatmul(matmul.primitive_desc pd, memory.desc srcDesc, memory.desc dstDesc) {
        this.pd = pd;
        this.primitive = new matmul(pd);
        this.src = new memory(srcDesc, OneDnn.engine(), null);
        this.weights = new memory(pd.weights_desc(), OneDnn.engine());
        this.dst = new memory(dstDesc, OneDnn.engine(), null);
        this.args = new IntMemoryMap();
        args.put(dnnl.DNNL_ARG_SRC, src);
        args.put(dnnl.DNNL_ARG_WEIGHTS, weights);
        args.put(dnnl.DNNL_ARG_DST, dst);
    }

    /**
     * The product for A [m, k] (rows {@code lda} apart) by the row-major W [k, n] at {@code w}'s
     * element {@code wFrom} (rows {@code ldw} apart) into C (rows {@code ldc} apart), W reordered now;
     * null where oneDNN picks no batch-reduce kernel for it (then sgemm is no slower).
     */
    static PackedStepMatmul of(int m, int n, int k, int lda, Pointer w, long wFrom, int ldw, int ldc) {
        memory.desc srcDesc = OneDnn.matrix(m, k, lda, 1);
        memory.desc dstDesc = OneDnn.matrix(m, n, ldc, 1);
        memory.desc any = new memory.desc(new long[] {k, n}, memory.data_type.f32, memory.format_tag.any);
        matmul.primitive_desc pd = new matmul.primitive_desc(new matmul.desc(srcDesc, any, dstDesc), OneDnn.engine());
        if (!pd.impl_info_str().getString().startsWith("brg")) {
            pd.close();
            return null;
        }
        PackedStepMatmul p = new PackedStepMatmul(pd, srcDesc, dstDesc);
        try (OneDnn.Address at = new OneDnn.Address();
             memory plain = new memory(OneDnn.matrix(k, n, ldw, 1), OneDnn.engine(), at.at(w, wFrom));
             reorder copy = new reorder(plain, p.weights)) {
            copy.execute(OneDnn.stream(), plain, p.weights);
        }
        return p;
    }

    /** {@code C = A W} with A at {@code a}'s element {@code aFrom} and C at {@code c}'s element {@code cFrom}. */
    void run(Pointer a, long aFrom, Pointer c, long cFrom) {
        src.set_data_handle(aAt.at(a, aFrom));
        dst.set_data_handle(cAt.at(c, cFrom));
        primitive.execute(OneDnn.stream(), args);
    }

    @Override
    public void close() {
        args.close();
        src.close();
        weights.close();
        dst.close();
        primitive.close();
        pd.close();
        aAt.close();
        cAt.close();
    }
}

package dev.jrnn.backend.nd4j;

import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;

/**
 * What the oneDNN primitives of this backend share: the CPU engine, one stream per thread (a
 * stream is not to be used by two threads at once), row-major float32 matrix descriptors, a
 * reusable pointer for data handles, and a transposing copy.
 */
final class OneDnn {
    private static final ThreadLocal<stream> STREAMS = ThreadLocal.withInitial(() -> new stream(Engine.CPU));

    private OneDnn() {
    }

    /** oneDNN's CPU engine, made on first use. */
    static engine engine() {
        return Engine.CPU;
    }

    /** The calling thread's stream. */
    static stream stream() {
        return STREAMS.get();
    }

    /** A float32 [rows, cols] matrix whose element (i, j) is at {@code i * rowStride + j * colStride}. */
    static memory.desc matrix(long rows, long cols, long rowStride, long colStride) {
        return new memory.desc(new long[] {rows, cols}, memory.data_type.f32, new long[] {rowStride, colStride});
    }

    /**
     * {@code dst = src^T}: the dense row-major float32 [rows, cols] matrix at {@code src} written as
     * the dense [cols, rows] matrix at {@code dst}, by oneDNN's JIT reorder on its threads: several
     * times faster than ND4J's assign of a transposed view, and a training loop makes it every step.
     */
    static void transpose(Pointer src, Pointer dst, int rows, int cols) {
        try (Address from = new Address();
             Address to = new Address();
             memory in = new memory(matrix(cols, rows, 1, cols), engine(), from.at(src, 0));
             memory out = new memory(matrix(cols, rows, rows, 1), engine(), to.at(dst, 0));
             reorder copy = new reorder(in, out)) {
            copy.execute(stream(), in, out);
        }
    }

    private static final class Engine {
        static final engine CPU = new engine(engine.kind.cpu, 0);
    }

    /** A pointer re-aimed at a byte address without allocating, to hand oneDNN a data handle. */
    static final class Address extends Pointer {
        private static final int FLOAT_BYTES = 4;

        Address() {
            super((Pointer) null);
        }

        /** This pointer at float element {@code offset} of {@code base}'s memory. */
        Address at(Pointer base, long offset) {
            address = base.address() + offset * FLOAT_BYTES;
            position = 0;
            limit = 0;
            capacity = 0;
            return this;
        }
    }
}

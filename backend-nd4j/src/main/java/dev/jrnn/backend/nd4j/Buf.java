package dev.jrnn.backend.nd4j;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Element access to the native memory of a packed INDArray, by index from the array's first
 * element, in either dtype; the fused kernels compute in double through it without allocating.
 */
abstract class Buf {

    /** A view of {@code a}'s elements; {@code a} must be packed (not a strided view). */
    static Buf of(INDArray a) {
        int offset = Math.toIntExact(a.offset());
        return a.dataType() == DataType.DOUBLE
                ? new Doubles(a.data().asNioDouble(), offset)
                : new Floats(a.data().asNioFloat(), offset);
    }

    /** Element {@code i}. */
    abstract double get(int i);

    /** Sets element {@code i} to {@code v} (rounded to float for FLOAT32). */
    abstract void set(int i, double v);

    /** Copies elements {@code [from, from + out.length)} into {@code out}. */
    abstract void read(int from, double[] out);

    /** Copies elements {@code [from, from + out.length)} into {@code out}. */
    abstract void read(int from, float[] out);

    /** Sets {@code n} elements from {@code from} to zero. */
    final void zero(int from, int n) {
        for (int i = 0; i < n; i++) {
            set(from + i, 0.0);
        }
    }

    /** Copies {@code n} elements from {@code src} at {@code srcFrom} to this at {@code from}. */
    final void copy(int from, Buf src, int srcFrom, int n) {
        for (int i = 0; i < n; i++) {
            set(from + i, src.get(srcFrom + i));
        }
    }

    /** Writes {@code src}'s first {@code n} elements into each of {@code rows} rows of width {@code n}. */
    final void fillRows(int rows, Buf src, int n) {
        for (int r = 0; r < rows; r++) {
            copy(r * n, src, 0, n);
        }
    }

    private static final class Floats extends Buf {
        private final FloatBuffer data;
        private final int offset;

        Floats(FloatBuffer data, int offset) {
            this.data = data;
            this.offset = offset;
        }

        @Override
        double get(int i) {
            return data.get(offset + i);
        }

        @Override
        void set(int i, double v) {
            data.put(offset + i, (float) v);
        }

        @Override
        void read(int from, double[] out) {
            for (int i = 0; i < out.length; i++) {
                out[i] = data.get(offset + from + i);
            }
        }

        @Override
        void read(int from, float[] out) {
            data.get(offset + from, out);
        }
    }

    private static final class Doubles extends Buf {
        private final DoubleBuffer data;
        private final int offset;

        Doubles(DoubleBuffer data, int offset) {
            this.data = data;
            this.offset = offset;
        }

        @Override
        double get(int i) {
            return data.get(offset + i);
        }

        @Override
        void set(int i, double v) {
            data.put(offset + i, v);
        }

        @Override
        void read(int from, double[] out) {
            data.get(offset + from, out);
        }

        @Override
        void read(int from, float[] out) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) data.get(offset + from + i);
            }
        }
    }
}

package dev.jrnn.backend.nd4j;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Access to the native memory of a packed INDArray, by index from the array's first element, in
 * either dtype: whole ranges copied to and from a {@code float[]} (FLOAT32) or {@code double[]}
 * (FLOAT64) scratch array of the same dtype, which the fused kernels compute on, and single elements.
 */
abstract class Buf {

    /** A view of {@code a}'s elements; {@code a} must be packed (not a strided view). */
    static Buf of(INDArray a) {
        int offset = Math.toIntExact(a.offset());
        return a.dataType() == DataType.DOUBLE
                ? new Doubles(a.data().asNioDouble(), offset)
                : new Floats(a.data().asNioFloat(), offset);
    }

    /** A zeroed scratch array of this dtype: {@code float[n]} or {@code double[n]}. */
    abstract Object scratch(int n);

    /** Copies elements {@code [from, from + n)} into the scratch array {@code dst} from {@code off}. */
    abstract void get(int from, Object dst, int off, int n);

    /** Copies {@code n} elements of the scratch array {@code src} from {@code off} to this at {@code from}. */
    abstract void put(int from, Object src, int off, int n);

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
        Object scratch(int n) {
            return new float[n];
        }

        @Override
        void get(int from, Object dst, int off, int n) {
            data.get(offset + from, (float[]) dst, off, n);
        }

        @Override
        void put(int from, Object src, int off, int n) {
            data.put(offset + from, (float[]) src, off, n);
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
        Object scratch(int n) {
            return new double[n];
        }

        @Override
        void get(int from, Object dst, int off, int n) {
            data.get(offset + from, (double[]) dst, off, n);
        }

        @Override
        void put(int from, Object src, int off, int n) {
            data.put(offset + from, (double[]) src, off, n);
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

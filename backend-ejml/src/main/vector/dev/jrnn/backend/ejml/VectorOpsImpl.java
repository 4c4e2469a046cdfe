package dev.jrnn.backend.ejml;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** {@link VectorOps} on {@link Sgemm} and {@link Dgemm}; loaded by {@link Simd}. */
final class VectorOpsImpl implements VectorOps {

    VectorOpsImpl() {
    }

    @Override
    public void gemm(float[] a, boolean ta, float[] b, float[] c, int m, int n, int k, int m0, int m1, int n0, int n1,
                     boolean add) {
        Sgemm.block(a, ta, ta ? m : k, b, n, c, n, m0, m1, k, n0, n1, add);
    }

    @Override
    public float[] pack(float[] b, int k, int n) {
        return Sgemm.pack(b, n, k, n);
    }

    @Override
    public void gemmPacked(float[] a, float[] packedB, float[] c, int m, int n, int k, int m0, int m1, int n0, int n1,
                           boolean add) {
        Sgemm.blockPacked(a, k, packedB, c, n, m0, m1, k, n0, n1, add);
    }

    @Override
    public void rowPacked(float[] a, int ao, float[] packedB, int k, float[] c, int co, int n0, int n1) {
        Sgemm.rowPacked(a, ao, packedB, k, c, co, n0, n1);
    }

    @Override
    public void add(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        VectorSpecies<Float> s = FloatVector.SPECIES_PREFERRED;
        int i = 0;
        for (int whole = s.loopBound(n); i < whole; i += s.length()) {
            FloatVector.fromArray(s, a, ao + i).add(FloatVector.fromArray(s, b, bo + i)).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = a[ao + i] + b[bo + i];
        }
    }

    @Override
    public void gemm(double[] a, boolean ta, double[] b, double[] c, int m, int n, int k, int m0, int m1, int n0,
                     int n1, boolean add) {
        Dgemm.block(a, ta, ta ? m : k, b, n, c, n, m0, m1, k, n0, n1, add);
    }

    @Override
    public int columnTile(boolean single) {
        return single ? Sgemm.NR : Dgemm.NR;
    }

    @Override
    public int rowTile(boolean single) {
        return single ? Sgemm.MR : Dgemm.MR;
    }

    @Override
    public int blockRows(boolean single) {
        return single ? 2 : Dgemm.MR;
    }

    @Override
    public String toString() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit vectors";
    }
}

package dev.jrnn.backend.ejml;

import dev.jrnn.api.backend.BinaryOp;
import dev.jrnn.kernels.RowProduct;
import dev.jrnn.kernels.VectorGemm;
import dev.jrnn.kernels.VectorRowProduct;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** {@link VectorOps} on {@link VectorGemm} and {@link Dgemm}; loaded by {@link Simd}. */
final class VectorOpsImpl implements VectorOps {

    private static final RowProduct ROWS = new VectorRowProduct();

    /** The FLOAT32 GEMM's K block depth ({@link VectorGemm#depth}); 0: its default. */
    private final int depth;
    /** The widest C whose A the FLOAT32 GEMM reads in place ({@link VectorGemm#directColumns}); negative: its default. */
    private final int direct;

    VectorOpsImpl() {
        this(0, -1);
    }

    private VectorOpsImpl(int depth, int direct) {
        this.depth = depth;
        this.direct = direct;
    }

    @Override
    public VectorOps tuned(int kc, int directColumns) {
        return kc == depth && directColumns == direct ? this : new VectorOpsImpl(kc, directColumns);
    }

    @Override
    public RowProduct rows() {
        return ROWS;
    }

    @Override
    public void gemm(float[] a, boolean ta, float[] b, float[] c, int m, int n, int k, int m0, int m1, int n0, int n1,
                     boolean add) {
        VectorGemm.block(a, ta, ta ? m : k, b, n, c, n, m0, m1, k, n0, n1, add, depth, direct);
    }

    @Override
    public float[] pack(float[] b, int k, int n) {
        return VectorGemm.pack(b, n, k, n);
    }

    @Override
    public void gemmPacked(float[] a, float[] packedB, float[] c, int m, int n, int k, int m0, int m1, int n0, int n1,
                           boolean add) {
        VectorGemm.blockPacked(a, k, packedB, c, n, m0, m1, k, n0, n1, add, depth, direct);
    }

    @Override
    public void rowPacked(float[] a, int ao, float[] packedB, int k, float[] c, int co, int n0, int n1) {
        VectorGemm.rowPacked(a, ao, packedB, k, c, co, n0, n1);
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
    public void arithmetic(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        VectorSpecies<Float> s = FloatVector.SPECIES_PREFERRED;
        int whole = s.loopBound(n);
        int i = 0;
        // one loop per op: the Vector API compiles a lanewise op to an instruction only where the op is a constant
        switch (op) {
            case ADD -> {
                for (; i < whole; i += s.length()) {
                    FloatVector.fromArray(s, a, ao + i).add(FloatVector.fromArray(s, b, bo + i)).intoArray(out, oo + i);
                }
            }
            case SUB -> {
                for (; i < whole; i += s.length()) {
                    FloatVector.fromArray(s, a, ao + i).sub(FloatVector.fromArray(s, b, bo + i)).intoArray(out, oo + i);
                }
            }
            case MUL -> {
                for (; i < whole; i += s.length()) {
                    FloatVector.fromArray(s, a, ao + i).mul(FloatVector.fromArray(s, b, bo + i)).intoArray(out, oo + i);
                }
            }
            case DIV -> {
                for (; i < whole; i += s.length()) {
                    FloatVector.fromArray(s, a, ao + i).div(FloatVector.fromArray(s, b, bo + i)).intoArray(out, oo + i);
                }
            }
            default -> throw new IllegalArgumentException("not an arithmetic op: " + op);
        }
        for (; i < n; i++) {
            out[oo + i] = scalar(op, a[ao + i], b[bo + i]);
        }
    }

    @Override
    public void arithmetic(BinaryOp op, float[] a, int ao, float x, boolean scalarFirst, float[] out, int oo, int n) {
        VectorSpecies<Float> s = FloatVector.SPECIES_PREFERRED;
        FloatVector xs = FloatVector.broadcast(s, x);
        int whole = s.loopBound(n);
        int i = 0;
        switch (op) {
            case ADD -> {
                for (; i < whole; i += s.length()) {
                    FloatVector.fromArray(s, a, ao + i).add(xs).intoArray(out, oo + i);
                }
            }
            case MUL -> {
                for (; i < whole; i += s.length()) {
                    FloatVector.fromArray(s, a, ao + i).mul(xs).intoArray(out, oo + i);
                }
            }
            case SUB -> {
                if (scalarFirst) {
                    for (; i < whole; i += s.length()) {
                        xs.sub(FloatVector.fromArray(s, a, ao + i)).intoArray(out, oo + i);
                    }
                } else {
                    for (; i < whole; i += s.length()) {
                        FloatVector.fromArray(s, a, ao + i).sub(xs).intoArray(out, oo + i);
                    }
                }
            }
            case DIV -> {
                if (scalarFirst) {
                    for (; i < whole; i += s.length()) {
                        xs.div(FloatVector.fromArray(s, a, ao + i)).intoArray(out, oo + i);
                    }
                } else {
                    for (; i < whole; i += s.length()) {
                        FloatVector.fromArray(s, a, ao + i).div(xs).intoArray(out, oo + i);
                    }
                }
            }
            default -> throw new IllegalArgumentException("not an arithmetic op: " + op);
        }
        for (; i < n; i++) {
            out[oo + i] = scalarFirst ? scalar(op, x, a[ao + i]) : scalar(op, a[ao + i], x);
        }
    }

    @Override
    public int adam(float[] p, float[] g, float[] m, float[] v, float b1, float c1, float b2, float c2, float eps,
                    float step, float ds, float[] np, float[] nm, float[] nv, int n) {
        VectorSpecies<Float> s = FloatVector.SPECIES_PREFERRED;
        int whole = s.loopBound(n);
        int i = 0;
        for (; i < whole; i += s.length()) {
            // separate multiplies and adds, as the scalar loop: a fused multiply-add would round once fewer
            FloatVector gi = FloatVector.fromArray(s, g, i);
            FloatVector mi = gi.mul(c1);
            FloatVector vi = gi.mul(gi).mul(c2);
            if (m != null) {
                mi = FloatVector.fromArray(s, m, i).mul(b1).add(mi);
                vi = FloatVector.fromArray(s, v, i).mul(b2).add(vi);
            }
            // a float's square root rounded once equals the double one rounded to float
            FloatVector d = vi.sqrt().mul(ds).add(eps);
            mi.intoArray(nm, i);
            vi.intoArray(nv, i);
            FloatVector.fromArray(s, p, i).sub(mi.div(d).mul(step)).intoArray(np, i);
        }
        return i;
    }

    private static float scalar(BinaryOp op, float x, float y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            default -> throw new IllegalArgumentException("not an arithmetic op: " + op);
        };
    }

    @Override
    public void gemm(double[] a, boolean ta, double[] b, double[] c, int m, int n, int k, int m0, int m1, int n0,
                     int n1, boolean add) {
        Dgemm.block(a, ta, ta ? m : k, b, n, c, n, m0, m1, k, n0, n1, add);
    }

    @Override
    public int columnTile(boolean single) {
        return single ? VectorGemm.NR : Dgemm.NR;
    }

    @Override
    public int rowTile(boolean single) {
        return single ? VectorGemm.MR : Dgemm.MR;
    }

    @Override
    public int blockRows(boolean single) {
        return single ? 2 : Dgemm.MR;
    }

    @Override
    public String toString() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit vectors, FLOAT32 K blocks of " + VectorGemm.depth(depth)
                + ", A read in place up to " + VectorGemm.directColumns(direct) + " columns of C";
    }
}

package dev.jrnn.backend.ejml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.BinaryOp;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.RandomMatrices_DDRM;
import org.ejml.dense.row.RandomMatrices_FDRM;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Vector API GEMM against EJML's; skipped on the scalar path (the activations are tested in cpu-kernels). */
@DisplayName("Vector API kernels")
class VectorKernelsTest {
    private static final int[][] SHAPES = {
        {1, 16, 300}, {5, 33, 7}, {7, 64, 129}, {13, 95, 40}, {64, 1024, 17}, {80, 31, 600}, {150, 70, 260},
        // split over the cores: by columns, then by rows
        {64, 1024, 64}, {64, 250, 300},
        // one row (batch 1): whole groups of panels, single panels, a short last one; then split by columns
        {1, 300, 50}, {1, 1100, 2000}};

    /** A backend on the vector kernels, whatever this run's properties say. */
    private final EjmlBackend be = new EjmlBackend(EjmlSettings.defaults());

    private void assumeVector() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "jdk.incubator.vector is not in the boot layer");
        assertNotNull(be.gemm().ops(), "jdk.incubator.vector is present but the vector kernels did not load");
    }

    @Test
    @DisplayName("edge tiles, both transpose flags and accumulation equal EJML in both dtypes")
    void gemmEdges() {
        assumeVector();
        Random random = new Random(5);
        for (int[] s : SHAPES) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    for (boolean add : new boolean[] {false, true}) {
                        String what = m + "x" + n + "x" + k + " ta=" + ta + " tb=" + tb + " add=" + add;
                        DMatrixRMaj a = RandomMatrices_DDRM.rectangle(ta ? k : m, ta ? m : k, -1, 1, random);
                        DMatrixRMaj b = RandomMatrices_DDRM.rectangle(tb ? n : k, tb ? k : n, -1, 1, random);
                        DMatrixRMaj expected = RandomMatrices_DDRM.rectangle(m, n, -1, 1, random);
                        DMatrixRMaj actual = expected.copy();
                        DMatrixRMaj product = new DMatrixRMaj(m, n);
                        CommonOps_DDRM.mult(ta ? CommonOps_DDRM.transpose(a, null) : a,
                                tb ? CommonOps_DDRM.transpose(b, null) : b, product);
                        if (add) {
                            CommonOps_DDRM.addEquals(expected, product);
                        } else {
                            expected = product;
                        }
                        be.gemm().mult(a, ta, b, tb, actual, add);
                        assertArrayEquals(expected.data, actual.data, 1e-12, "FLOAT64 " + what);

                        FMatrixRMaj fa = RandomMatrices_FDRM.rectangle(ta ? k : m, ta ? m : k, -1, 1, random);
                        FMatrixRMaj fb = RandomMatrices_FDRM.rectangle(tb ? n : k, tb ? k : n, -1, 1, random);
                        FMatrixRMaj fExpected = RandomMatrices_FDRM.rectangle(m, n, -1, 1, random);
                        FMatrixRMaj fActual = fExpected.copy();
                        FMatrixRMaj fPacked = fExpected.copy();
                        FMatrixRMaj fProduct = new FMatrixRMaj(m, n);
                        CommonOps_FDRM.mult(ta ? CommonOps_FDRM.transpose(fa, null) : fa,
                                tb ? CommonOps_FDRM.transpose(fb, null) : fb, fProduct);
                        if (add) {
                            CommonOps_FDRM.addEquals(fExpected, fProduct);
                        } else {
                            fExpected = fProduct;
                        }
                        be.gemm().mult(fa, ta, fb, tb, fActual, add);
                        assertArrayEquals(fExpected.data, fActual.data, 1e-3f, "FLOAT32 " + what);
                        if (!ta && !tb) {
                            // the same product against B packed once, as a recurrence multiplies its weight
                            PackedWeight packed = be.kernels(DType.FLOAT32).pack(fb);
                            assertNotNull(packed.panels(), "the vector kernels packed no panels");
                            be.gemm().mult(fa, packed, fPacked, add);
                            assertArrayEquals(fExpected.data, fPacked.data, 1e-3f, "FLOAT32 packed " + what);
                        }
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("FLOAT32 products cut into row blocks at the block rows, or one row at a time, equal the whole bit for bit")
    void rowBlocksEqualWhole() {
        assumeVector();
        VectorOps ops = be.gemm().ops();
        int step = ops.blockRows(true);
        Random random = new Random(9);
        // K past one K block, N with a short last panel; 21 rows: edges of 1 to 5 rows
        int m = 21;
        int n = 3 * ops.columnTile(true) + 5;
        int k = 300;
        float[] a = values(random, m * k);
        float[] b = values(random, k * n);
        float[] c0 = values(random, m * n);
        float[] panels = ops.pack(b, k, n);
        for (boolean add : new boolean[] {false, true}) {
            float[] whole = c0.clone();
            ops.gemm(a, false, b, whole, m, n, k, 0, m, 0, n, add);
            float[] wholePacked = c0.clone();
            ops.gemmPacked(a, panels, wholePacked, m, n, k, 0, m, 0, n, add);
            assertArrayEquals(whole, wholePacked, "add=" + add + ": packed B against B packed per product");
            for (int cut = step; cut < m; cut += step) {
                float[] blocks = c0.clone();
                ops.gemmPacked(a, panels, blocks, m, n, k, 0, cut, 0, n, add);
                ops.gemmPacked(a, panels, blocks, m, n, k, cut, m, 0, n, add);
                assertArrayEquals(whole, blocks, "add=" + add + ": rows cut at " + cut);
            }
            float[] rows = c0.clone();
            for (int r = 0; r < m; r++) {
                ops.gemmPacked(a, panels, rows, m, n, k, r, r + 1, 0, n, add);
            }
            assertArrayEquals(whole, rows, "add=" + add + ": one row at a time");
        }
    }

    @Test
    @DisplayName("FLOAT32 products in K blocks of any depth equal those in the default blocks, bit for bit")
    void depthsEqualDefault() {
        assumeVector();
        VectorOps ops = be.gemm().ops();
        Random random = new Random(11);
        // K across several blocks of every depth tried, with a short last block; 21 rows and a short last panel: edges
        int m = 21;
        int n = 3 * ops.columnTile(true) + 5;
        int k = 1100;
        float[] a = values(random, m * k);
        float[] at = values(random, k * m);
        float[] b = values(random, k * n);
        float[] c0 = values(random, m * n);
        float[] panels = ops.pack(b, k, n);
        for (boolean add : new boolean[] {false, true}) {
            float[] plain = c0.clone();
            ops.gemm(a, false, b, plain, m, n, k, 0, m, 0, n, add);
            float[] transposed = c0.clone();
            ops.gemm(at, true, b, transposed, m, n, k, 0, m, 0, n, add);
            float[] packed = c0.clone();
            ops.gemmPacked(a, panels, packed, m, n, k, 0, m, 0, n, add);
            for (int depth : new int[] {16, 100, 256, 512, 4096}) {
                VectorOps deep = ops.tuned(depth, -1);
                String what = "depth " + depth + ", add=" + add;
                float[] c = c0.clone();
                deep.gemm(a, false, b, c, m, n, k, 0, m, 0, n, add);
                assertArrayEquals(plain, c, what);
                c = c0.clone();
                deep.gemm(at, true, b, c, m, n, k, 0, m, 0, n, add);
                assertArrayEquals(transposed, c, what + ", A transposed");
                c = c0.clone();
                deep.gemmPacked(a, panels, c, m, n, k, 0, m, 0, n, add);
                assertArrayEquals(packed, c, what + ", B packed");
            }
        }
        float[] product = new float[m * n];
        ops.gemm(a, false, b, product, m, n, k, 0, m, 0, n, false);
        float[] sum = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) a[i * k + p] * b[p * n + j];
                }
                sum[i * n + j] = (float) s;
            }
        }
        assertArrayEquals(sum, product, 1e-3f, "the default depth against double sums");
    }

    @Test
    @DisplayName("FLOAT32 products with A read in place equal those on packed A, bit for bit")
    void directAEqualsPacked() {
        assumeVector();
        VectorOps ops = be.gemm().ops();
        VectorOps packed = ops.tuned(0, 0);
        VectorOps direct = ops.tuned(0, 1 << 20);
        Random random = new Random(13);
        int tile = ops.columnTile(true);
        // whole strips and panels (read in place where the vectors are 512 bits wide), then rows or
        // columns short of a whole strip or panel (packed as before); K across several blocks
        int[][] shapes = {{48, 2 * tile, 1100}, {96, 3 * tile, 300}, {200, tile, 700}, {21, 2 * tile, 600},
            {48, 2 * tile + 5, 600}, {1, tile, 900}};
        for (int[] shape : shapes) {
            int m = shape[0];
            int n = shape[1];
            int k = shape[2];
            float[] a = values(random, m * k);
            float[] b = values(random, k * n);
            float[] c0 = values(random, m * n);
            float[] panels = ops.pack(b, k, n);
            for (boolean add : new boolean[] {false, true}) {
                String what = m + "x" + n + "x" + k + " add=" + add;
                float[] expected = c0.clone();
                packed.gemm(a, false, b, expected, m, n, k, 0, m, 0, n, add);
                float[] actual = c0.clone();
                direct.gemm(a, false, b, actual, m, n, k, 0, m, 0, n, add);
                assertArrayEquals(expected, actual, what);
                float[] byDefault = c0.clone();
                ops.gemm(a, false, b, byDefault, m, n, k, 0, m, 0, n, add);
                assertArrayEquals(expected, byDefault, what + ", default");
                float[] expectedPacked = c0.clone();
                packed.gemmPacked(a, panels, expectedPacked, m, n, k, 0, m, 0, n, add);
                float[] actualPacked = c0.clone();
                int cut = m / 16 * 8;
                direct.gemmPacked(a, panels, actualPacked, m, n, k, 0, cut, 0, n, add);
                direct.gemmPacked(a, panels, actualPacked, m, n, k, cut, m, 0, n, add);
                assertArrayEquals(expectedPacked, actualPacked, what + ", B packed, rows cut at " + cut);
            }
        }
    }

    @Test
    @DisplayName("FLOAT32 products by a transposed A equal those by the same A transposed beforehand, bit for bit")
    void transposedAEqualsTransposedCopy() {
        assumeVector();
        VectorOps ops = be.gemm().ops();
        Random random = new Random(13);
        // M past one row block with a partial strip, K past one K block; one K; strips ending at A's last element
        int[][] shapes = {{101, 40, 300}, {7, 19, 1}, {6, 16, 2}, {256, 26, 896}, {13, 33, 5}};
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            float[] stored = values(random, k * m);
            float[] a = new float[m * k];
            for (int p = 0; p < k; p++) {
                for (int i = 0; i < m; i++) {
                    a[i * k + p] = stored[p * m + i];
                }
            }
            float[] b = values(random, k * n);
            float[] c0 = values(random, m * n);
            for (boolean add : new boolean[] {false, true}) {
                float[] expected = c0.clone();
                ops.gemm(a, false, b, expected, m, n, k, 0, m, 0, n, add);
                float[] actual = c0.clone();
                ops.gemm(stored, true, b, actual, m, n, k, 0, m, 0, n, add);
                assertArrayEquals(expected, actual, m + "x" + n + "x" + k + " add=" + add);
            }
        }
    }

    @Test
    @DisplayName("FLOAT32 element-wise sums equal the scalar float additions bit for bit, at offsets and in place")
    void addEqualsScalarSums() {
        assumeVector();
        VectorOps ops = be.gemm().ops();
        Random random = new Random(17);
        for (int n : new int[] {0, 1, 7, 8, 9, 26, 64, 257}) {
            float[] a = values(random, n + 5);
            float[] b = values(random, n + 3);
            float[] expected = new float[n + 2];
            for (int i = 0; i < n; i++) {
                expected[2 + i] = a[5 + i] + b[3 + i];
            }
            float[] out = new float[n + 2];
            ops.add(a, 5, b, 3, out, 2, n);
            assertArrayEquals(expected, out, "n=" + n);
            float[] inPlace = a.clone();
            ops.add(inPlace, 5, b, 3, inPlace, 5, n);
            for (int i = 0; i < n; i++) {
                assertEquals(expected[2 + i], inPlace[5 + i], "in place, n=" + n + ", element " + i);
            }
        }
    }

    @Test
    @DisplayName("FLOAT32 + - * / of two arrays or of an array and one element, through the backend, equal the double op rounded once, bit for bit")
    void arithmeticEqualsScalarOps() {
        assumeVector();
        Random random = new Random(23);
        for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV}) {
            for (int n : new int[] {1, 7, 8, 9, 26, 257}) {
                float[] a = values(random, n);
                float[] b = values(random, n);
                float[] one = values(random, 1);
                Tensor ta = be.fromArray(a, Shape.of(n));
                Tensor tb = be.fromArray(b, Shape.of(n));
                Tensor t1 = be.fromArray(one, Shape.of(1));
                float[] both = new float[n];
                float[] scalarSecond = new float[n];
                float[] scalarFirst = new float[n];
                for (int i = 0; i < n; i++) {
                    both[i] = (float) op.apply(a[i], b[i]);
                    scalarSecond[i] = (float) op.apply(a[i], one[0]);
                    scalarFirst[i] = (float) op.apply(one[0], a[i]);
                }
                String what = op + " n=" + n;
                assertArrayEquals(both, floats(be.binary(op, ta, tb)), what);
                assertArrayEquals(scalarSecond, floats(be.binary(op, ta, t1)), what + ", one-element second operand");
                assertArrayEquals(scalarFirst, floats(be.binary(op, t1, ta)), what + ", one-element first operand");
            }
        }
    }

    private static float[] floats(Tensor t) {
        return (float[]) ((EjmlTensor) t).data();
    }

    private static float[] values(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = 2 * random.nextFloat() - 1;
        }
        return v;
    }
}

package dev.jrnn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("one-row products by a packed matrix")
class RowProductTest {

    /** The scalar kernels, and the Vector API ones where the JVM has them. */
    private static List<RowProduct> products() {
        List<RowProduct> out = new ArrayList<>();
        out.add(new ScalarRowProduct());
        RowProduct vector = CpuKernels.of(CpuSettings.defaults()).rows();
        if (!(vector instanceof ScalarRowProduct)) {
            out.add(vector);
        }
        return out;
    }

    @ParameterizedTest(name = "k {0}, n {1}, ldb {2}")
    @CsvSource({"1, 1, 1", "5, 7, 9", "128, 512, 512", "33, 100, 101", "16, 130, 130"})
    @DisplayName("add to or store into C the sums of a plain loop, for every column block from a tile's multiple")
    void matchesThePlainLoop(int k, int n, int ldb) {
        Random rnd = new Random(k * 131 + n);
        float[] b = new float[k * ldb];
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rnd.nextGaussian();
        }
        float[] a = new float[k + 3];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        for (RowProduct rows : products()) {
            float[] packed = rows.pack(b, ldb, k, n);
            int tile = rows.columnTile();
            for (int n0 = 0; n0 < n; n0 += Math.max(tile, n / 3 / tile * tile)) {
                for (boolean add : new boolean[] {true, false}) {
                    float[] c = new float[n + 4];
                    for (int j = 0; j < c.length; j++) {
                        c[j] = j * 0.25f;
                    }
                    float[] expected = c.clone();
                    for (int j = n0; j < n; j++) {
                        double s = add ? expected[2 + j - n0] : 0.0;
                        for (int p = 0; p < k; p++) {
                            s += (double) a[3 + p] * b[p * ldb + j];
                        }
                        expected[2 + j - n0] = (float) s;
                    }
                    rows.row(a, 3, packed, k, c, 2, n0, n, add);
                    String what = rows + " n0 " + n0 + " add " + add;
                    for (int j = 0; j < c.length; j++) {
                        assertEquals(expected[j], c[j], 1e-4 * Math.sqrt(k) * (1 + Math.abs(expected[j])),
                                what + " element " + j);
                    }
                }
            }
            assertTrue(tile >= 1, rows + " tile");
            // several rows at once: the rows of A [m, k] (row length k + 2) into C [m, n] (row length n + 1)
            int m = 7;
            float[] am = new float[m * (k + 2)];
            for (int i = 0; i < am.length; i++) {
                am[i] = (float) rnd.nextGaussian();
            }
            float[] cm = new float[m * (n + 1)];
            java.util.Arrays.fill(cm, 9f);
            rows.rows(am, 0, k + 2, m, packed, k, cm, 0, n + 1, n);
            for (int r = 0; r < m; r++) {
                for (int j = 0; j < n; j++) {
                    double s = 0.0;
                    for (int p = 0; p < k; p++) {
                        s += (double) am[r * (k + 2) + p] * b[p * ldb + j];
                    }
                    assertEquals(s, cm[r * (n + 1) + j], 1e-4 * Math.sqrt(k) * (1 + Math.abs(s)),
                            rows + " rows: row " + r + " column " + j);
                }
                assertEquals(9f, cm[r * (n + 1) + n], rows + " rows: the padding column untouched");
            }
        }
    }

    @ParameterizedTest(name = "m {0}, k {1}, n {2}")
    @CsvSource({"2, 5, 7", "16, 160, 512", "19, 33, 130", "32, 128, 512", "9, 1, 16"})
    @DisplayName("block products add to or store into a block of rows of C the sums of a plain loop")
    void blocksMatchThePlainLoop(int m, int k, int n) {
        Random rnd = new Random(m * 7919 + k * 131 + n);
        float[] b = new float[k * n];
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rnd.nextGaussian();
        }
        int lda = k + 3;
        int ldc = n + 2;
        float[] a = new float[m * lda];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        int m0 = m / 3;
        int m1 = m - m / 4;
        for (RowProduct rows : products()) {
            float[] packed = rows.pack(b, n, k, n);
            for (boolean add : new boolean[] {true, false}) {
                float[] c = new float[m * ldc];
                for (int i = 0; i < c.length; i++) {
                    c[i] = i % 5 * 0.5f;
                }
                float[] before = c.clone();
                rows.block(a, lda, m0, m1, packed, k, c, ldc, n, add);
                for (int r = 0; r < m; r++) {
                    for (int j = 0; j < ldc; j++) {
                        int at = r * ldc + j;
                        String what = rows + " add " + add + " row " + r + " column " + j;
                        if (r < m0 || r >= m1 || j >= n) {
                            assertEquals(before[at], c[at], what + ": outside the block, untouched");
                            continue;
                        }
                        double s = add ? before[at] : 0.0;
                        for (int p = 0; p < k; p++) {
                            s += (double) a[r * lda + p] * b[p * n + j];
                        }
                        assertEquals(s, c[at], 1e-4 * Math.sqrt(k) * (1 + Math.abs(s)), what);
                    }
                }
            }
        }
    }
}

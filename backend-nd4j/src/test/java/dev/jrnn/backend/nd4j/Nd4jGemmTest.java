package dev.jrnn.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The float32 GEMM on both of its libraries (oneDNN above the size thresholds, OpenBLAS below
 * them), against a plain Java product: every transpose case, operands at offsets inside larger
 * arrays with padded leading dimensions, and alpha and beta.
 */
@DisplayName("nd4j backend: float32 GEMM on oneDNN and OpenBLAS")
class Nd4jGemmTest {
    private static final long SEED = 11;

    @BeforeAll
    static void loadNatives() {
        Nd4jTestBackend.get();
    }

    @Test
    @DisplayName("oneDNN's sgemm loads on linux-x86_64, and the backend says so")
    void oneDnnLoadsWhereItShips() {
        assumeTrue("linux-x86_64".equals(Nd4jPlatform.name()), "oneDNN's natives are declared for linux-x86_64 only");
        assertTrue(OneDnnSgemm.loaded(), OneDnnSgemm.describe(true));
        assertTrue(Nd4jNatives.summary().contains("float32 GEMM oneDNN"), Nd4jNatives.summary());
    }

    @Test
    @DisplayName("which products go to oneDNN follows the thresholds")
    void routing() {
        Gemm gemm = Nd4jTestBackend.gemm(DataType.FLOAT);
        assertEquals(OneDnnSgemm.loaded(), gemm.prefersUntransposedRight(64, 1024, 256), "a W2-sized step");
        // a single row runs on oneDNN's gemv on the calling thread, faster with the weight untransposed
        assertEquals(OneDnnSgemm.loaded() && OmpThreads.available(), gemm.prefersUntransposedRight(1, 512, 128),
                "a batch-1 step");
        assertFalse(gemm.prefersUntransposedRight(4, 512, 128), "a small step of several rows");
        assertFalse(Nd4jTestBackend.gemm(DataType.DOUBLE).prefersUntransposedRight(64, 1024, 256),
                "float64 stays on OpenBLAS");
    }

    @Test
    @DisplayName("a backend created with jrnn.nd4j.sgemm=openblas keeps every float32 product on OpenBLAS")
    void sgemmPropertyReadAtCreate() {
        Nd4jBackend openBlas = (Nd4jBackend) Nd4jTestBackend.createWith(Nd4jSettings.SGEMM, "openblas");
        Gemm gemm = openBlas.gemm(DataType.FLOAT);
        assertFalse(gemm.oneDnnFloats(), "float32 on oneDNN");
        assertFalse(gemm.prefersUntransposedRight(64, 1024, 256), "a W2-sized step");
        assertFalse(gemm.onMatmul(2048, 512, 3136), "W4's recurrent weight gradient");
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4}")
    @CsvSource({
        // above the oneDNN thresholds
        "64, 300, 256, false, false", "64, 300, 256, true, false", "600, 130, 70, false, true", "600, 130, 70, true, true",
        // below them: OpenBLAS
        "64, 300, 256, false, true", "5, 7, 3, false, false", "5, 7, 3, true, true", "1, 512, 128, false, false"
    })
    void matchesPlainProduct(int m, int n, int k, boolean transA, boolean transB) {
        Random rnd = new Random(SEED + m + n + k);
        // operands as blocks inside bigger arrays: offsets and leading dimensions 3 wider than needed
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        int lda = aCols + 3;
        int ldb = bCols + 3;
        int ldc = n + 3;
        float[] a = GemmReference.random(rnd, 5 + aRows * lda);
        float[] b = GemmReference.random(rnd, 7 + bRows * ldb);
        float[] c = GemmReference.random(rnd, 2 + m * ldc);
        float alpha = 0.75f;
        float beta = 0.5f;
        float[] expected = GemmReference.product(m, n, k, transA, transB, alpha, a, 5, lda, b, 7, ldb, beta, c, 2, ldc);
        INDArray na = Nd4j.createFromArray(a);
        INDArray nb = Nd4j.createFromArray(b);
        INDArray nc = Nd4j.createFromArray(c);
        Gemm gemm = Nd4jTestBackend.gemm(DataType.FLOAT);
        gemm.run(transA, transB, m, n, k, alpha, gemm.pointer(na), 5, lda, gemm.pointer(nb), 7, ldb, beta,
                gemm.pointer(nc), 2, ldc);
        GemmReference.assertMatches(expected, nc.toFloatVector(), m, n, k, 2, ldc, "");
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} beta={3} padded={4}")
    @CsvSource({"1024, 130, 256, 0.0, false", "1024, 130, 256, 1.0, false", "1100, 96, 300, 0.5, false",
        "2048, 64, 200, 1.0, false", "1024, 130, 256, 1.0, true"})
    @DisplayName("weight-gradient products A^T B on oneDNN's matmul equal a plain product, and sgemm's")
    void transposedLeftOnMatmul(int m, int n, int k, float beta, boolean padded) {
        Gemm gemm = Nd4jTestBackend.gemm(DataType.FLOAT);
        assumeTrue(gemm.onMatmul(m, n, k), "oneDNN is not loaded here");
        Random rnd = new Random(SEED * m + n + k);
        // operands at offsets inside bigger arrays; padded: leading dimensions wider than the rows
        int lda = padded ? m + 5 : m;
        int ldb = padded ? n + 3 : n;
        int ldc = padded ? n + 1 : n;
        float[] a = GemmReference.random(rnd, 3 + k * lda);
        float[] b = GemmReference.random(rnd, 9 + k * ldb);
        float[] c = GemmReference.random(rnd, 4 + m * ldc);
        float[] expected = GemmReference.product(m, n, k, true, false, 1.0, a, 3, lda, b, 9, ldb, beta, c, 4, ldc);
        INDArray na = Nd4j.createFromArray(a);
        INDArray nb = Nd4j.createFromArray(b);
        INDArray nc = Nd4j.createFromArray(c);
        boolean ran = OneDnnMatmul.transposedLeft(m, n, k, gemm.pointer(na), 3, lda, gemm.pointer(nb), 9, ldb, beta,
                gemm.pointer(nc), 4, ldc);
        if (!padded && "SkylakeX".equals(Nd4jPlatform.bestCoreType(Nd4jPlatform.cpuFlags()))) {
            assertTrue(ran, "an AVX-512 CPU has oneDNN's batch-reduce matmul for dense operands");
        }
        if (ran) {
            GemmReference.assertMatches(expected, nc.toFloatVector(), m, n, k, 4, ldc, "matmul");
        } else {
            assertArrayEquals(c, nc.toFloatVector(), "a declined product leaves C alone");
        }
        // the same product through Gemm, on the matmul and, on a backend created with it off, on sgemm
        for (String on : new String[] {"true", "false"}) {
            Gemm g = ((Nd4jBackend) Nd4jTestBackend.createWith(Nd4jSettings.MATMUL, on)).gemm(DataType.FLOAT);
            INDArray again = Nd4j.createFromArray(c);
            g.run(true, false, m, n, k, 1.0, g.pointer(na), 3, lda, g.pointer(nb), 9, ldb, beta, g.pointer(again), 4,
                    ldc);
            GemmReference.assertMatches(expected, again.toFloatVector(), m, n, k, 4, ldc, Nd4jSettings.MATMUL + "=" + on);
        }
    }

    @Test
    @DisplayName("which weight-gradient products go to oneDNN's matmul follows the thresholds and the setting")
    void matmulRouting() {
        assumeTrue(OneDnnSgemm.loaded(), OneDnnSgemm.describe(true));
        Gemm gemm = Nd4jTestBackend.gemm(DataType.FLOAT);
        assertTrue(gemm.onMatmul(2048, 512, 3136), "W4's recurrent weight gradient");
        assertFalse(gemm.onMatmul(768, 256, 6336), "W3's: fewer rows than " + OneDnnMatmul.MIN_ROWS);
        assertFalse(gemm.onMatmul(1024, 64, 64), "too little work");
        Gemm off = ((Nd4jBackend) Nd4jTestBackend.createWith(Nd4jSettings.MATMUL, "false")).gemm(DataType.FLOAT);
        assertFalse(off.onMatmul(2048, 512, 3136), "turned off");
    }

    @Test
    @DisplayName("a bad value of the matmul property is refused with its name when the backend is created")
    void badMatmulProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Nd4jTestBackend.createWith(Nd4jSettings.MATMUL, "yes"));
        assertTrue(e.getMessage().contains(Nd4jSettings.MATMUL), e.getMessage());
    }

    @Test
    @DisplayName("oneDNN's rejection of bad arguments is an exception that names them")
    void badArgumentsAreReported() {
        assumeTrue(OneDnnSgemm.loaded(), OneDnnSgemm.describe(true));
        FloatPointer p = new FloatPointer(64);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> OneDnnSgemm.run(false, false, 4, 4, 4, 1f, p, 1, p, 4, 0f, p, 4));
        assertTrue(e.getMessage().contains("lda=1"), e.getMessage());
        p.close();
    }
}

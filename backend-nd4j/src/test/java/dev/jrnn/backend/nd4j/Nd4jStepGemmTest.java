package dev.jrnn.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jrnn.kernels.Workers;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The time loops' per-step product split into column blocks over jrnn's threads: the same result
 * as a plain product, blocks at offsets inside larger arrays, beta 0 and 1, a column count that
 * does not divide evenly, repeated calls; the caller's OpenMP thread count restored afterwards.
 */
@DisplayName("nd4j backend: per-step product split over threads")
class Nd4jStepGemmTest {
    @BeforeAll
    static void loadNatives() {
        Nd4jTestBackend.get();
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} transB={3} beta={4} split expected={5}")
    @CsvSource({
        "64, 1024, 256, false, 0.0, true", "64, 1000, 256, false, 0.0, true", "64, 256, 1024, false, 1.0, true",
        "64, 768, 256, true, 0.0, false", "4, 40, 16, false, 1.0, false"
    })
    void matchesPlainProduct(int m, int n, int k, boolean transB, double beta, boolean splitExpected) {
        Random rnd = new Random(m * 31L + n + k);
        int lda = k + 1;
        int ldb = (transB ? k : n) + 2;
        int ldc = n + 3;
        float[] a = GemmReference.random(rnd, 5 + m * lda);
        float[] b = GemmReference.random(rnd, 7 + (transB ? n : k) * ldb);
        float[] c = GemmReference.random(rnd, 2 + m * ldc);
        float[] expected = GemmReference.product(m, n, k, false, transB, 1.0, a, 5, lda, b, 7, ldb, beta, c, 2, ldc);
        INDArray na = Nd4j.createFromArray(a);
        INDArray nb = Nd4j.createFromArray(b);
        INDArray nc = Nd4j.createFromArray(c);
        Gemm gemm = Nd4jTestBackend.gemm(DataType.FLOAT);
        boolean canSplit = gemm.oneDnnFloats() && OmpThreads.available() && Workers.threads() > 1;
        int threadsBefore = OmpThreads.available() ? OmpThreads.get() : -1;
        try (StepGemm product = StepGemm.open(gemm, transB, m, n, k)) {
            assertEquals(splitExpected && canSplit, product.split(), "whether the product is split");
            // twice: the second call must not depend on state the first one left
            for (int rep = 0; rep < 2; rep++) {
                INDArray out = rep == 0 ? nc : Nd4j.createFromArray(c);
                product.run(gemm.pointer(na), 5, lda, gemm.pointer(nb), 7, ldb, beta, gemm.pointer(out), 2, ldc);
                GemmReference.assertMatches(expected, out.toFloatVector(), m, n, k, 2, ldc, "call " + rep + ", ");
            }
        }
        if (OmpThreads.available()) {
            assertEquals(threadsBefore, OmpThreads.get(), "the caller's OpenMP thread count after close");
        }
    }

    @Test
    @DisplayName("setting the calling thread's OpenMP count changes that thread's only")
    void threadCountIsPerThread() throws InterruptedException {
        assumeTrue(OneDnnSgemm.loaded() && OmpThreads.available(), "oneDNN's OpenMP functions are not available");
        int before = OmpThreads.get();
        int[] seen = new int[2];
        Thread other = new Thread(() -> {
            seen[0] = OmpThreads.get();
            OmpThreads.set(1);
            seen[1] = OmpThreads.get();
        });
        other.start();
        other.join();
        assertEquals(before, seen[0], "a new thread starts with the default count");
        assertEquals(1, seen[1], "the other thread's own count after set(1)");
        assertEquals(before, OmpThreads.get(), "this thread's count is unchanged");
    }
}

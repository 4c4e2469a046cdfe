package dev.jrnn.backend.ejml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.RandomMatrices_DDRM;
import org.ejml.dense.row.RandomMatrices_FDRM;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GEMM dispatch")
class GemmTest {
    /** [M, K] x [K, N] with M*N*K at the concurrency threshold. */
    private static final int M = 256;
    private static final int N = 512;
    private static final int K = 256;
    /** The products of a backend with this run's settings. */
    private final Gemm gemm = new EjmlBackend().gemm();

    @Test
    @DisplayName("products past the threshold run concurrently and equal EJML's single-threaded kernels")
    void concurrentProductsEqualSingleThreaded() {
        assumeTrue(gemm.concurrent(M, N, K), "the concurrent kernels are off here (one core or a raised threshold)");
        Random random = new Random(11);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                DMatrixRMaj a = RandomMatrices_DDRM.rectangle(ta ? K : M, ta ? M : K, -1, 1, random);
                DMatrixRMaj b = RandomMatrices_DDRM.rectangle(tb ? N : K, tb ? K : N, -1, 1, random);
                DMatrixRMaj expected = RandomMatrices_DDRM.rectangle(M, N, -1, 1, random);
                DMatrixRMaj actual = expected.copy();
                DMatrixRMaj opA = ta ? CommonOps_DDRM.transpose(a, null) : a;
                DMatrixRMaj opB = tb ? CommonOps_DDRM.transpose(b, null) : b;
                CommonOps_DDRM.multAdd(opA, opB, expected);
                gemm.mult(a, ta, b, tb, actual, true);
                assertArrayEquals(expected.data, actual.data, 1e-10, "FLOAT64 ta=" + ta + " tb=" + tb);

                FMatrixRMaj fa = RandomMatrices_FDRM.rectangle(ta ? K : M, ta ? M : K, -1, 1, random);
                FMatrixRMaj fb = RandomMatrices_FDRM.rectangle(tb ? N : K, tb ? K : N, -1, 1, random);
                FMatrixRMaj fExpected = new FMatrixRMaj(M, N);
                FMatrixRMaj fActual = RandomMatrices_FDRM.rectangle(M, N, -1, 1, random);
                CommonOps_FDRM.mult(ta ? CommonOps_FDRM.transpose(fa, null) : fa,
                        tb ? CommonOps_FDRM.transpose(fb, null) : fb, fExpected);
                gemm.mult(fa, ta, fb, tb, fActual, false);
                assertArrayEquals(fExpected.data, fActual.data, 1e-3f, "FLOAT32 ta=" + ta + " tb=" + tb);
            }
        }
    }
}

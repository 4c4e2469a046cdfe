package dev.jrnn.backend.cuda;

import dev.jrnn.api.DType;
import java.util.HashMap;
import java.util.Map;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

/**
 * Launches the backend's kernels on the default stream. Every module is loaded when the backend
 * is created, so a PTX the driver cannot JIT-compile fails {@code create()}, not a later op.
 * Kernel arguments are boxed Java values mapped to their C types: Integer and Boolean to int,
 * Long to long long, Float to float, Double to double, int[] to a by-value struct of ints,
 * a device pointer to a pointer and null to a null pointer.
 */
final class Launcher {
    static final int BLOCK = 256;
    /** Grid cap for the grid-stride kernels; more blocks than this only loop. */
    static final int MAX_BLOCKS = 1 << 20;
    /** The GEMM kernel's tile edge and the largest grid y dimension. */
    static final int GEMM_TILE = 64;
    static final int MAX_GRID_Y = 65535;

    private final Map<String, KernelModule> modules = new HashMap<>();

    Launcher(CudaContext context) {
        context.bind();
        for (Kernel kernel : Kernel.values()) {
            modules.computeIfAbsent(kernel.module(), KernelModule::load);
        }
    }

    /** Launches a grid-stride kernel over {@code work} items; nothing when {@code work} is 0. */
    void launch(Kernel kernel, DType dtype, long work, Object... args) {
        if (work > 0) {
            int blocks = (int) Math.min(MAX_BLOCKS, (work + BLOCK - 1) / BLOCK);
            launchGrid(kernel, dtype, blocks, 1, args);
        }
    }

    /** Launches {@code kernel} with a {@code gridX} x {@code gridY} grid of {@value #BLOCK}-thread blocks. */
    void launchGrid(Kernel kernel, DType dtype, int gridX, int gridY, Object... args) {
        JCudaDriver.cuLaunchKernel(modules.get(kernel.module()).function(kernel.entry(dtype)),
                gridX, gridY, 1, BLOCK, 1, 1, 0, null, parameters(args), null);
    }

    /**
     * {@code C = alpha op(A) op(B) + beta C} for row-major A, B, C with leading dimensions (row
     * lengths) {@code lda}, {@code ldb}, {@code ldc}; C is [m, n]. Rows of C beyond the grid's
     * reach are done in further launches.
     */
    void gemm(DType dtype, boolean transA, boolean transB, int m, int n, int k, double alpha, CUdeviceptr a, int lda,
              CUdeviceptr b, int ldb, double beta, CUdeviceptr c, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        long chunk = (long) MAX_GRID_Y * GEMM_TILE;
        int bytes = dtype.byteSize();
        for (long row0 = 0; row0 < m; row0 += chunk) {
            int rows = (int) Math.min(chunk, m - row0);
            CUdeviceptr aChunk = a.withByteOffset((transA ? row0 : row0 * lda) * bytes);
            CUdeviceptr cChunk = c.withByteOffset(row0 * ldc * bytes);
            launchGrid(Kernel.GEMM, dtype, (n + GEMM_TILE - 1) / GEMM_TILE, (rows + GEMM_TILE - 1) / GEMM_TILE,
                    transA ? 1 : 0, transB ? 1 : 0, rows, n, k, scalar(dtype, alpha), aChunk, lda, b, ldb,
                    scalar(dtype, beta), cChunk, ldc);
        }
    }

    /** A scalar kernel argument of the dtype's C type. */
    static Object scalar(DType dtype, double value) {
        return dtype == DType.FLOAT32 ? (Object) (float) value : (Object) value;
    }

    static Pointer parameters(Object... args) {
        NativePointerObject[] pointers = new NativePointerObject[args.length];
        for (int i = 0; i < args.length; i++) {
            pointers[i] = argument(args[i]);
        }
        return Pointer.to(pointers);
    }

    private static Pointer argument(Object arg) {
        if (arg == null) {
            return Pointer.to(new CUdeviceptr());
        } else if (arg instanceof CUdeviceptr p) {
            return Pointer.to(p);
        } else if (arg instanceof Integer v) {
            return Pointer.to(new int[] {v});
        } else if (arg instanceof Boolean v) {
            return Pointer.to(new int[] {v ? 1 : 0});
        } else if (arg instanceof Long v) {
            return Pointer.to(new long[] {v});
        } else if (arg instanceof Float v) {
            return Pointer.to(new float[] {v});
        } else if (arg instanceof Double v) {
            return Pointer.to(new double[] {v});
        } else if (arg instanceof int[] v) {
            return Pointer.to(v);
        }
        throw new IllegalArgumentException("cuda: unsupported kernel argument type " + arg.getClass().getName());
    }
}

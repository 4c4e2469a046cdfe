package dev.jrnn.backend.cuda;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Checks;

/**
 * Argument checks of the fused ops, which read their operands by raw index: every operand must be
 * an open tensor of this backend with the expected dtype and exact shape, or the op throws naming it.
 */
final class Operands {
    private Operands() {
    }

    /** {@code t} as a device tensor, after checking its owner, dtype and shape. */
    static CudaTensor require(CudaBackend backend, String op, String name, Tensor t, DType dtype, Shape shape) {
        return (CudaTensor) Checks.operand(backend, op, name, t, dtype, shape);
    }

    /** Like {@link #require}, but {@code null} is allowed and returned as is (an absent bias). */
    static CudaTensor optional(CudaBackend backend, String op, String name, Tensor t, DType dtype, Shape shape) {
        return t == null ? null : require(backend, op, name, t, dtype, shape);
    }

    /** Checks that {@code t} is an open rank-2 tensor of this backend; returns it. */
    static CudaTensor matrix(CudaBackend backend, String op, String name, Tensor t) {
        Checks.owned(backend, op, name, t);
        if (t.rank() != 2) {
            throw new IllegalArgumentException(op + ": " + name + " has shape " + t.shape() + ", expected rank 2 [B, H]");
        }
        return (CudaTensor) t;
    }

    /** Checks that {@code kind} is one of the Elman kinds. */
    static boolean relu(String op, dev.jrnn.api.fused.CellKind kind) {
        if (kind == null) {
            throw new IllegalArgumentException(op + ": kind is null");
        }
        return kind == dev.jrnn.api.fused.CellKind.RNN_RELU;
    }
}

package dev.jrnn.conformance;

import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.BinaryOp;
import dev.jrnn.api.backend.UnaryOp;
import dev.jrnn.api.fused.LstmStep;
import dev.jrnn.api.fused.RecurrentDefaults;
import dev.jrnn.api.reference.ReferenceBackend;
import java.util.List;

/**
 * Deliberately wrong backends and kits over them, run by {@link KitCanFailTest} through the JUnit
 * launcher. The kit class names do not match the build's test patterns, so they never run alone.
 */
final class BrokenBackends {
    private BrokenBackends() {
    }

    /** Its sigmoid is off by 1e-3, a bug both dtypes can see. */
    static final class SigmoidOffBackend extends ReferenceBackend {
        @Override
        public Tensor unary(UnaryOp op, Tensor x) {
            Tensor y = super.unary(op, x);
            if (op != UnaryOp.SIGMOID) {
                return y;
            }
            try (Tensor offset = scalar(1e-3, x.dtype())) {
                return super.binary(BinaryOp.ADD, y, offset);
            }
        }
    }

    /** Its fused lstmStep override swaps the input and forget gates; every primitive is right. */
    static final class SwappedGatesBackend extends ReferenceBackend {
        @Override
        public LstmStep lstmStep(Tensor p, Tensor h, Tensor c, Tensor w, Tensor b) {
            int hs = h.shape().dim(1);
            try (Tensor i = slice(p, 1, 0, hs);
                 Tensor f = slice(p, 1, hs, 2 * hs);
                 Tensor rest = slice(p, 1, 2 * hs, 4 * hs);
                 Tensor swapped = concat(1, List.of(f, i, rest))) {
                return RecurrentDefaults.lstmStep(this, swapped, h, c, w, b);
            }
        }
    }

    /** The kit over {@link SigmoidOffBackend}. */
    static class SigmoidOffKit extends BackendCompatibilityKit {
        @Override
        protected Backend backend() {
            return new SigmoidOffBackend();
        }
    }

    /** The kit over {@link SwappedGatesBackend}. */
    static class SwappedGatesKit extends BackendCompatibilityKit {
        @Override
        protected Backend backend() {
            return new SwappedGatesBackend();
        }
    }
}

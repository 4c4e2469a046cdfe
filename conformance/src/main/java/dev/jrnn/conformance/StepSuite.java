package dev.jrnn.conformance;


import dev.jrnn.api.DType;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.fused.AdamStep;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.GruStep;
import dev.jrnn.api.fused.GruStepGradient;
import dev.jrnn.api.fused.LstmStep;
import dev.jrnn.api.fused.LstmStepGradient;
import dev.jrnn.api.fused.OptimizerDefaults;
import dev.jrnn.api.fused.RecurrentDefaults;
import dev.jrnn.api.fused.RnnStepGradient;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused single-step kernels, forward and backward, and the fused optimizer update: each
 * compared with the reference backend and with the composed default ({@link RecurrentDefaults},
 * {@link OptimizerDefaults}) run on the backend under test, so a fused override must reproduce its
 * definition.
 */
@Family(OpFamily.STEPS)
public interface StepSuite extends KitSuite {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("lstmStep and its backward equal the composed default and the reference, with and without bias")
    default void lstmStep(DType dtype) {
        for (boolean bias : new boolean[] {true, false}) {
            Operands ops = operands(dtype);
            Backend be = subject();
            TensorPair p = ops.signed(KitShapes.STEP_BATCH, 4 * KitShapes.STEP_HIDDEN);
            TensorPair h = ops.signed(KitShapes.STEP_BATCH, KitShapes.STEP_HIDDEN);
            TensorPair c = ops.signed(KitShapes.STEP_BATCH, KitShapes.STEP_HIDDEN);
            TensorPair w = ops.uniform(-0.5, 0.5, 4 * KitShapes.STEP_HIDDEN, KitShapes.STEP_HIDDEN);
            TensorPair b = bias ? ops.signed(4 * KitShapes.STEP_HIDDEN) : new TensorPair(null, null);
            String what = "lstmStep " + (bias ? "with" : "without") + " bias";
            LstmStep ref = oracle().lstmStep(p.oracle(), h.oracle(), c.oracle(), w.oracle(), b.oracle());
            LstmStep got = be.lstmStep(p.subject(), h.subject(), c.subject(), w.subject(), b.subject());
            ops.assertUnmodifiedBy("lstmStep");
            LstmStep def = RecurrentDefaults.lstmStep(be, p.subject(), h.subject(), c.subject(), w.subject(), b.subject());
            List<String> names = List.of("h", "c", "gates");
            assertAllClose(what + " override vs default", names, List.of(def.h(), def.c(), def.gates()), List.of(got.h(), got.c(), got.gates()));
            assertAllClose(what + " vs reference", names, List.of(ref.h(), ref.c(), ref.gates()), List.of(got.h(), got.c(), got.gates()));

            TensorPair dh = ops.signed(KitShapes.STEP_BATCH, KitShapes.STEP_HIDDEN);
            TensorPair dc = ops.signed(KitShapes.STEP_BATCH, KitShapes.STEP_HIDDEN);
            TensorPair gates = ops.copyOf(ref.gates());
            TensorPair cNext = ops.copyOf(ref.c());
            LstmStepGradient gRef = oracle().lstmStepBackward(dh.oracle(), dc.oracle(), gates.oracle(), c.oracle(), cNext.oracle(), w.oracle());
            LstmStepGradient gGot = be.lstmStepBackward(dh.subject(), dc.subject(), gates.subject(), c.subject(), cNext.subject(), w.subject());
            ops.assertUnmodifiedBy("lstmStepBackward");
            LstmStepGradient gDef = RecurrentDefaults.lstmStepBackward(be, dh.subject(), dc.subject(), gates.subject(), c.subject(),
                    cNext.subject(), w.subject());
            List<String> gNames = List.of("dGates", "dh", "dc");
            List<Tensor> got3 = List.of(gGot.dGates(), gGot.dh(), gGot.dc());
            assertAllClose("lstmStepBackward override vs default", gNames, List.of(gDef.dGates(), gDef.dh(), gDef.dc()), got3);
            assertAllClose("lstmStepBackward vs reference", gNames, List.of(gRef.dGates(), gRef.dh(), gRef.dc()), got3);
            ops.assertUnmodified();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("gruStep and its backward equal the composed default and the reference, with and without bias")
    default void gruStep(DType dtype) {
        for (boolean bias : new boolean[] {true, false}) {
            Operands ops = operands(dtype);
            Backend be = subject();
            TensorPair p = ops.signed(KitShapes.STEP_BATCH, 3 * KitShapes.STEP_HIDDEN);
            TensorPair h = ops.signed(KitShapes.STEP_BATCH, KitShapes.STEP_HIDDEN);
            TensorPair w = ops.uniform(-0.5, 0.5, 3 * KitShapes.STEP_HIDDEN, KitShapes.STEP_HIDDEN);
            TensorPair b = bias ? ops.signed(3 * KitShapes.STEP_HIDDEN) : new TensorPair(null, null);
            String what = "gruStep " + (bias ? "with" : "without") + " bias";
            GruStep ref = oracle().gruStep(p.oracle(), h.oracle(), w.oracle(), b.oracle());
            GruStep got = be.gruStep(p.subject(), h.subject(), w.subject(), b.subject());
            ops.assertUnmodifiedBy("gruStep");
            GruStep def = RecurrentDefaults.gruStep(be, p.subject(), h.subject(), w.subject(), b.subject());
            List<String> names = List.of("h", "gates", "hiddenNew");
            List<Tensor> got3 = List.of(got.h(), got.gates(), got.hiddenNew());
            assertAllClose(what + " override vs default", names, List.of(def.h(), def.gates(), def.hiddenNew()), got3);
            assertAllClose(what + " vs reference", names, List.of(ref.h(), ref.gates(), ref.hiddenNew()), got3);

            TensorPair dh = ops.signed(KitShapes.STEP_BATCH, KitShapes.STEP_HIDDEN);
            TensorPair gates = ops.copyOf(ref.gates());
            TensorPair hn = ops.copyOf(ref.hiddenNew());
            GruStepGradient gRef = oracle().gruStepBackward(dh.oracle(), gates.oracle(), hn.oracle(), h.oracle(), w.oracle());
            GruStepGradient gGot = be.gruStepBackward(dh.subject(), gates.subject(), hn.subject(), h.subject(), w.subject());
            ops.assertUnmodifiedBy("gruStepBackward");
            GruStepGradient gDef = RecurrentDefaults.gruStepBackward(be, dh.subject(), gates.subject(), hn.subject(), h.subject(), w.subject());
            List<String> gNames = List.of("dInputGates", "dHiddenGates", "dh");
            List<Tensor> gGot3 = List.of(gGot.dInputGates(), gGot.dHiddenGates(), gGot.dh());
            assertAllClose("gruStepBackward override vs default", gNames, List.of(gDef.dInputGates(), gDef.dHiddenGates(), gDef.dh()), gGot3);
            assertAllClose("gruStepBackward vs reference", gNames, List.of(gRef.dInputGates(), gRef.dHiddenGates(), gRef.dh()), gGot3);
            ops.assertUnmodified();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.jrnn.conformance.KitCases#rnnKinds")
    @DisplayName("rnnStep and its backward equal the composed default and the reference for tanh and relu")
    default void rnnStep(CellKind kind, DType dtype) {
        for (boolean bias : new boolean[] {true, false}) {
            Operands ops = operands(dtype);
            Backend be = subject();
            TensorPair p = ops.signed(KitShapes.STEP_BATCH, KitShapes.STEP_HIDDEN);
            TensorPair h = ops.signed(KitShapes.STEP_BATCH, KitShapes.STEP_HIDDEN);
            TensorPair w = ops.uniform(-0.5, 0.5, KitShapes.STEP_HIDDEN, KitShapes.STEP_HIDDEN);
            TensorPair b = bias ? ops.signed(KitShapes.STEP_HIDDEN) : new TensorPair(null, null);
            String what = kind + " rnnStep " + (bias ? "with" : "without") + " bias";
            Tensor ref = oracle().rnnStep(kind, p.oracle(), h.oracle(), w.oracle(), b.oracle());
            Tensor got = be.rnnStep(kind, p.subject(), h.subject(), w.subject(), b.subject());
            ops.assertUnmodifiedBy("rnnStep");
            assertClose(what + " override vs default", RecurrentDefaults.rnnStep(be, kind, p.subject(), h.subject(), w.subject(), b.subject()), got);
            assertClose(what + " vs reference", ref, got);

            TensorPair dh = ops.signed(KitShapes.STEP_BATCH, KitShapes.STEP_HIDDEN);
            TensorPair hNext = ops.copyOf(ref);
            RnnStepGradient gRef = oracle().rnnStepBackward(kind, dh.oracle(), hNext.oracle(), w.oracle());
            RnnStepGradient gGot = be.rnnStepBackward(kind, dh.subject(), hNext.subject(), w.subject());
            ops.assertUnmodifiedBy("rnnStepBackward");
            RnnStepGradient gDef = RecurrentDefaults.rnnStepBackward(be, kind, dh.subject(), hNext.subject(), w.subject());
            List<String> gNames = List.of("dPre", "dh");
            assertAllClose(kind + " rnnStepBackward override vs default", gNames, List.of(gDef.dPre(), gDef.dh()), List.of(gGot.dPre(), gGot.dh()));
            assertAllClose(kind + " rnnStepBackward vs reference", gNames, List.of(gRef.dPre(), gRef.dh()), List.of(gGot.dPre(), gGot.dh()));
            ops.assertUnmodified();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("adamStep equals the composed default and the reference, on the first step and a later one")
    default void adamStep(DType dtype) {
        for (boolean first : new boolean[] {true, false}) {
            Operands ops = operands(dtype);
            Backend be = subject();
            int rows = KitShapes.STEP_BATCH;
            int cols = 4 * KitShapes.STEP_HIDDEN;
            TensorPair value = ops.signed(rows, cols);
            TensorPair grad = ops.signed(rows, cols);
            TensorPair m = first ? new TensorPair(null, null) : ops.signed(rows, cols);
            TensorPair v = first ? new TensorPair(null, null) : ops.uniform(0.0, 0.5, rows, cols);
            // step 3 of lr 0.003: stepSize lr / (1 - 0.9^3), denominatorScale 1 / sqrt(1 - 0.999^3)
            double stepSize = 0.003 / (1 - Math.pow(0.9, 3));
            double denominatorScale = 1 / Math.sqrt(1 - Math.pow(0.999, 3));
            String what = "adamStep " + (first ? "first step" : "with moments");
            AdamStep ref = oracle().adamStep(value.oracle(), grad.oracle(), m.oracle(), v.oracle(), 0.9, 0.999, 1e-8,
                    stepSize, denominatorScale);
            AdamStep got = be.adamStep(value.subject(), grad.subject(), m.subject(), v.subject(), 0.9, 0.999, 1e-8,
                    stepSize, denominatorScale);
            ops.assertUnmodifiedBy("adamStep");
            AdamStep def = OptimizerDefaults.adamStep(be, value.subject(), grad.subject(), m.subject(), v.subject(),
                    0.9, 0.999, 1e-8, stepSize, denominatorScale);
            List<String> names = List.of("value", "firstMoment", "secondMoment");
            List<Tensor> got3 = List.of(got.value(), got.firstMoment(), got.secondMoment());
            assertAllClose(what + " override vs default", names,
                    List.of(def.value(), def.firstMoment(), def.secondMoment()), got3);
            assertAllClose(what + " vs reference", names,
                    List.of(ref.value(), ref.firstMoment(), ref.secondMoment()), got3);
            ops.assertUnmodified();
        }
    }
}

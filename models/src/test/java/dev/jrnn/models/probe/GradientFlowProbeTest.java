package dev.jrnn.models.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.cell.Cell;
import dev.jrnn.api.cell.CellConfig;
import dev.jrnn.api.cell.Cells;
import dev.jrnn.api.reference.ReferenceBackend;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GradientFlowProbeTest {
    private static final int STEPS = 100;
    private static final int HIDDEN = 16;
    private final Backend be = new ReferenceBackend();

    private Tensor input(int steps, int batch, int features, long seed) {
        Random r = new Random(seed);
        double[] x = new double[steps * batch * features];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        return be.fromArray(x, Shape.of(steps, batch, features), DType.FLOAT64);
    }

    private Cell cell(String name) {
        return Cells.create(name, CellConfig.of(be, DType.FLOAT64, 4, HIDDEN, 21));
    }

    /** A tanh RNN whose recurrent weights are PyTorch's default draw halved. */
    private Cell smallRnn() {
        Cell rnn = cell("rnn_tanh");
        Parameter whh = rnn.parameters().stream().filter(p -> p.name().startsWith("weight_hh")).findFirst().orElseThrow();
        whh.set(be.scale(whh.value(), 0.5));
        return rnn;
    }

    /** An LSTM whose forget gate has total bias 1 (bias_ih's forget block 1, bias_hh's 0). */
    private Cell lstmWithForgetBias() {
        Cell lstm = cell("lstm");
        for (Parameter p : lstm.parameters()) {
            if (p.name().startsWith("bias")) {
                double[] b = p.value().toDoubleArray();
                for (int i = HIDDEN; i < 2 * HIDDEN; i++) {
                    b[i] = p.name().startsWith("bias_ih") ? 1.0 : 0.0;
                }
                p.set(be.fromArray(b, p.shape(), p.dtype()));
            }
        }
        return lstm;
    }

    @Test
    @DisplayName("a tanh RNN with small recurrent weights loses orders of magnitude of gradient over 100 steps")
    void rnnGradientVanishes() {
        GradientFlow flow = GradientFlowProbe.measure(smallRnn(), input(STEPS, 3, 4, 1));
        System.out.println(flow);
        assertEquals(STEPS, flow.steps());
        assertTrue(flow.ratio() < 1e-3, "||dL/dh(1)|| / ||dL/dh(100)|| = " + flow.ratio());
        assertTrue(flow.norm(1) < flow.norm(50) && flow.norm(50) < flow.norm(100), flow.toString());
    }

    @Test
    @DisplayName("an LSTM with forget-gate bias 1 keeps far more gradient over 100 steps than the tanh RNN")
    void lstmKeepsGradient() {
        Tensor x = input(STEPS, 3, 4, 1);
        GradientFlow rnn = GradientFlowProbe.measure(smallRnn(), x);
        GradientFlow lstm = GradientFlowProbe.measure(lstmWithForgetBias(), x);
        System.out.println(rnn + "\n" + lstm);
        assertTrue(lstm.ratio() > 1e6 * rnn.ratio(), "LSTM ratio " + lstm.ratio() + " vs RNN ratio " + rnn.ratio());
    }

    @Test
    @DisplayName("the last step's norm is the loss gradient itself: sqrt(B H) for L = sum(h(T))")
    void lastStepIsTheLossGradient() {
        GradientFlow flow = GradientFlowProbe.measure(cell("gru"), input(5, 3, 4, 2));
        assertEquals(Math.sqrt(3 * HIDDEN), flow.norm(5), 1e-12);
        assertArrayEquals(flow.log10Norms(), java.util.Arrays.stream(flow.norms()).map(Math::log10).toArray());
    }

    @Test
    @DisplayName("the probe leaves the cell's parameter gradients as they were")
    void leavesGradientsAlone() {
        Cell rnn = smallRnn();
        GradientFlowProbe.measure(rnn, input(4, 2, 4, 3));
        for (Parameter p : rnn.parameters()) {
            assertNull(p.grad(), p.name());
        }
    }
}

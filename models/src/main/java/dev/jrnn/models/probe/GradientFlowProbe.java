package dev.jrnn.models.probe;

import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.cell.Cell;
import dev.jrnn.api.cell.CellState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Measures gradient flow through time (Bengio, Simard and Frasconi, 1994; Pascanu et al., 2013):
 * runs a cell step by step, computes a loss of the last output h(T) only, back-propagates, and
 * reports {@code ||dL/dh(t)||} for every step t.
 *
 * <p>Each h(t) is made observable by adding a zero leaf {@code z(t)} before it feeds the next step,
 * {@code h'(t) = h(t) + z(t)}, so {@code dL/dz(t) = dL/dh(t)} while the graph stays intact.
 *
 * <pre>{@code
 * GradientFlow flow = GradientFlowProbe.measure(cell, input);   // input [T, B, I]
 * double[] series = flow.log10Norms();                          // one point per step, for a plot
 * }</pre>
 */
public final class GradientFlowProbe {
    private GradientFlowProbe() {
    }

    /** {@link #measure(Cell, Tensor, UnaryOperator)} with {@code L = sum(h(T))}. */
    public static GradientFlow measure(Cell cell, Tensor input) {
        return measure(cell, input, Ops::sum);
    }

    /**
     * Runs {@code cell} from its zero state over {@code input} [T, B, I] and returns
     * {@code ||dL/dh(t)||} for t = 1..T with {@code L = loss(h(T))}. Neither the cell's parameters
     * nor their gradients are changed; every tensor it makes is freed before it returns.
     */
    public static GradientFlow measure(Cell cell, Tensor input, UnaryOperator<Variable> loss) {
        Shape shape = input.shape();
        if (shape.rank() != 3 || shape.dim(2) != cell.inputSize()) {
            throw new IllegalArgumentException("gradient probe: input has shape " + shape + ", expected [T, B, "
                    + cell.inputSize() + "]");
        }
        int steps = shape.dim(0);
        int batch = shape.dim(1);
        double[] norms = new double[steps];
        Backend be = cell.backend();
        try (TensorScope scope = TensorScope.open()) {
            List<Variable> taps = new ArrayList<>(steps);
            CellState state = cell.initialState(batch);
            for (int t = 0; t < steps; t++) {
                Tensor step = be.reshape(be.slice(input, 0, t, t + 1), Shape.of(batch, shape.dim(2)));
                CellState next = cell.step(Variable.constant(step), state);
                Variable tap = Variable.input(be.zeros(next.h().shape(), next.h().dtype()), "h(" + (t + 1) + ")");
                taps.add(tap);
                List<Variable> parts = new ArrayList<>(next.parts());
                parts.set(0, Ops.add(next.h(), tap));
                state = new CellState(parts);
            }
            List<Tensor> savedGrads = saveParameterGradients(cell);
            Autograd.backward(loss.apply(state.h()));
            for (int t = 0; t < steps; t++) {
                Tensor g = taps.get(t).grad();
                norms[t] = g == null ? 0.0 : frobenius(g);
            }
            restoreParameterGradients(cell, savedGrads, scope);
        }
        return new GradientFlow(cell.getClass().getSimpleName(), norms);
    }

    private static double frobenius(Tensor g) {
        Backend be = g.backend();
        Tensor flat = be.reshape(g, Shape.of(g.size()));
        return Math.sqrt(be.sum(be.mul(flat, flat), 0).item());
    }

    private static List<Tensor> saveParameterGradients(Cell cell) {
        List<Tensor> saved = new ArrayList<>();
        cell.parameters().forEach(p -> saved.add(p.grad() == null ? null : cell.backend().scale(p.grad(), 1.0)));
        return saved;
    }

    /** Puts back the gradients the parameters had before the probe (copies kept past the probe's scope). */
    private static void restoreParameterGradients(Cell cell, List<Tensor> saved, TensorScope scope) {
        for (int i = 0; i < saved.size(); i++) {
            Tensor g = saved.get(i);
            if (g != null) {
                scope.keep(g);
            }
            cell.parameters().get(i).setGradient(g);
        }
    }
}

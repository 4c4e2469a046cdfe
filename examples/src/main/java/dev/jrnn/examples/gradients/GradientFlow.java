package dev.jrnn.examples.gradients;

import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.cell.Cell;
import dev.jrnn.api.cell.CellState;
import dev.jrnn.models.optim.GradientClipping;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures back-propagation through time step by step. The cell runs forward over inputs
 * {@code x_1 .. x_T} from a zero state; the loss is {@code L = 1/2 ||h_T - y||^2}. Every step's
 * input state is its own leaf of the graph, so one {@link Autograd#backward} per step, seeded with
 * the gradient of the step's output state, gives the gradient of its input state:
 *
 * <pre>
 *   dL/ds_{t-1} = (ds_t / ds_{t-1})^T dL/ds_t,      dL/ds_T = (h_T - y, 0)
 * </pre>
 *
 * <p>where {@code s_t} is {@code (h_t)} or an LSTM's {@code (h_t, c_t)}. The curve is
 * {@code ||dL/dh_t||} for t = 1..T. With clipping, the state gradient is rescaled at every step,
 * before it is measured and handed back, by {@code min(1, c / ||dL/ds_t||)} (the global-norm rule
 * of Pascanu et al., applied to the back-propagated state gradient), which caps explosions but
 * cannot revive a vanishing gradient.
 */
public final class GradientFlow {
    private GradientFlow() {
    }

    /**
     * The norms of dL/dh_t for one cell.
     *
     * @param cell   the cell, parameters unchanged (their gradients accumulate and are cleared at the end)
     * @param inputs x_1 .. x_T, each [1, I]
     * @param target y [1, H]
     * @param clip   maximum norm of the back-propagated state gradient, or {@code Double.POSITIVE_INFINITY}
     * @return {@code norms[t - 1] = ||dL/dh_t||}, t = 1..T
     */
    @SuppressWarnings("try") // the scope and no-grad handles act by being open
    public static double[] norms(Cell cell, List<Tensor> inputs, Tensor target, double clip) {
        if (!(clip > 0)) {
            throw new IllegalArgumentException("gradient clipping threshold must be positive, got " + clip);
        }
        int steps = inputs.size();
        double[] norms = new double[steps];
        try (TensorScope scope = TensorScope.open()) {
            List<List<Variable>> leaves = new ArrayList<>(steps);
            List<CellState> outputs = new ArrayList<>(steps);
            CellState state = cell.initialState(1);
            for (int t = 0; t < steps; t++) {
                List<Variable> in = new ArrayList<>(state.size());
                for (int i = 0; i < state.size(); i++) {
                    in.add(Variable.input(state.get(i).value(), "s" + t + "_" + i));
                }
                leaves.add(in);
                state = cell.step(Variable.constant(inputs.get(t)), new CellState(in));
                outputs.add(state);
            }
            Backend be = target.backend();
            List<Tensor> seed = new ArrayList<>(state.size());
            seed.add(be.sub(state.h().value(), target));
            for (int i = 1; i < state.size(); i++) {
                seed.add(be.zeros(state.get(i).shape(), state.get(i).dtype()));
            }
            seed = clipped(seed, clip);
            norms[steps - 1] = norm(be, seed.get(0));
            for (int t = steps - 1; t >= 1; t--) {
                Autograd.backward(outputs.get(t).parts(), seed);
                List<Tensor> grads = new ArrayList<>(seed.size());
                for (Variable leaf : leaves.get(t)) {
                    grads.add(leaf.grad() != null ? leaf.grad() : be.zeros(leaf.shape(), leaf.dtype()));
                }
                seed = clipped(grads, clip);
                norms[t - 1] = norm(be, seed.get(0));
            }
            cell.parameters().forEach(Parameter::zeroGrad);
        }
        return norms;
    }

    /** The ratio {@code ||dL/dh_1|| / ||dL/dh_T||}: far below 1 is a vanishing gradient, far above an exploding one. */
    public static double ratio(double[] norms) {
        return norms[0] / norms[norms.length - 1];
    }

    /** The state gradient scaled to global norm at most {@code clip}, by models' {@link GradientClipping}. */
    private static List<Tensor> clipped(List<Tensor> grads, double clip) {
        if (Double.isInfinite(clip)) {
            return grads;
        }
        List<Parameter> holders = new ArrayList<>(grads.size());
        for (int i = 0; i < grads.size(); i++) {
            Parameter holder = new Parameter("state_" + i, grads.get(i));
            holder.setGradient(grads.get(i));
            holders.add(holder);
        }
        GradientClipping.clipByGlobalNorm(holders, clip);
        List<Tensor> out = new ArrayList<>(grads.size());
        holders.forEach(h -> out.add(h.grad()));
        return out;
    }

    private static double norm(Backend be, Tensor t) {
        Tensor flat = be.reshape(t, Shape.of(t.size()));
        return Math.sqrt(be.sum(be.mul(flat, flat), 0).item());
    }
}

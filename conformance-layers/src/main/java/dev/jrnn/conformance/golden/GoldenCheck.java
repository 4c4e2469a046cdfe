package dev.jrnn.conformance.golden;

import dev.jrnn.api.DType;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.models.io.SafetensorsFile;
import dev.jrnn.models.layer.LayerOutput;
import dev.jrnn.models.layer.RecurrentLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one golden case on a backend and compares every result with PyTorch's: the output, the
 * final states, the loss {@code L = sum(output * grad_output) + sum(h_n * grad_h_n) (+ sum(c_n * grad_c_n))}
 * and the gradients of L with respect to the input, the initial states and every parameter.
 */
public final class GoldenCheck {
    private GoldenCheck() {
    }

    /**
     * Checks {@code file} on {@code backend} in {@code dtype}.
     *
     * @param fused whether the layer runs through the backend's fused sequence kernels, or step by
     *              step through the cells' differentiable ops
     * @return the largest |jrnn - PyTorch| of any element of any tensor compared
     * @throws AssertionError listing every tensor that disagrees
     */
    public static double check(String caseName, SafetensorsFile file, Backend backend, DType dtype, boolean fused) {
        try (TensorScope scope = TensorScope.open()) {
            RecurrentLayer layer = GoldenLayers.build(file, backend, dtype, fused);
            boolean lstm = layer.stateCount() == 2;
            Variable input = Variable.input(file.tensor("input", backend, dtype), "input");
            List<Variable> initial = new ArrayList<>();
            initial.add(Variable.input(file.tensor("h0", backend, dtype), "h0"));
            if (lstm) {
                initial.add(Variable.input(file.tensor("c0", backend, dtype), "c0"));
            }
            LayerOutput out = layer.forward(input, initial, lengths(file));
            Variable loss = weightedSum(out.output(), file, "grad_output", backend, dtype);
            loss = Ops.add(loss, weightedSum(out.hn(), file, "grad_h_n", backend, dtype));
            if (lstm) {
                loss = Ops.add(loss, weightedSum(out.cn(), file, "grad_c_n", backend, dtype));
            }
            Autograd.backward(loss);

            Agreement agreement = new Agreement(caseName, dtype);
            compare(agreement, file, "output", out.output().value());
            compare(agreement, file, "h_n", out.hn().value());
            if (lstm) {
                compare(agreement, file, "c_n", out.cn().value());
            }
            if (file.contains("loss")) {
                compare(agreement, file, "loss", loss.value());
            }
            for (String name : file.names()) {
                if (name.startsWith("grad.")) {
                    compare(agreement, file, name, gradient(name.substring(5), input, initial, layer, agreement));
                }
            }
            if (agreement.compared() < 4) {
                agreement.problem("the case holds too few expected tensors to check (" + agreement.compared() + ")");
            }
            agreement.assertAgrees();
            return agreement.largestDifference();
        }
    }

    /**
     * Checks the forward pass of {@code file} under {@link Autograd#noGrad()}, as a model serves:
     * the output and the final states against PyTorch's. A backend may run such a pass on its own
     * whole-sequence kernels ({@link Backend#recurrentInference}).
     *
     * @return the largest |jrnn - PyTorch| of any element compared
     * @throws AssertionError listing every tensor that disagrees
     */
    public static double checkInference(String caseName, SafetensorsFile file, Backend backend, DType dtype) {
        try (TensorScope scope = TensorScope.open(); Autograd.NoGrad off = Autograd.noGrad()) {
            RecurrentLayer layer = GoldenLayers.build(file, backend, dtype, true);
            layer.train(false);
            Variable input = Variable.constant(file.tensor("input", backend, dtype));
            List<Variable> initial = new ArrayList<>();
            initial.add(Variable.constant(file.tensor("h0", backend, dtype)));
            boolean lstm = layer.stateCount() == 2;
            if (lstm) {
                initial.add(Variable.constant(file.tensor("c0", backend, dtype)));
            }
            LayerOutput out = layer.forward(input, initial, lengths(file));
            Agreement agreement = new Agreement(caseName, dtype);
            compare(agreement, file, "output", out.output().value());
            compare(agreement, file, "h_n", out.hn().value());
            if (lstm) {
                compare(agreement, file, "c_n", out.cn().value());
            }
            agreement.assertAgrees();
            return agreement.largestDifference();
        }
    }

    private static int[] lengths(SafetensorsFile file) {
        if (!file.contains("lengths")) {
            return null;
        }
        long[] raw = file.longs("lengths");
        int[] lengths = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            lengths[i] = Math.toIntExact(raw[i]);
        }
        return lengths;
    }

    /** {@code sum(v * upstream)} with the case's upstream gradient {@code name}. */
    private static Variable weightedSum(Variable v, SafetensorsFile file, String name, Backend backend, DType dtype) {
        Variable upstream = Variable.constant(file.tensor(name, backend, dtype));
        return Ops.sum(Ops.mul(v, upstream));
    }

    private static Tensor gradient(String of, Variable input, List<Variable> initial, RecurrentLayer layer,
                                   Agreement agreement) {
        return switch (of) {
            case "input" -> input.grad();
            case "h0" -> initial.get(0).grad();
            case "c0" -> initial.size() > 1 ? initial.get(1).grad() : null;
            default -> {
                if (!layer.namedParameters().containsKey(of)) {
                    agreement.problem("grad." + of + ": the layer has no tensor named " + of);
                    yield null;
                }
                yield layer.parameter(of).grad();
            }
        };
    }

    private static void compare(Agreement agreement, SafetensorsFile file, String name, Tensor actual) {
        agreement.compare(name, actual, file.doubles(name), file.shape(name));
    }
}

package dev.jrnn.api.autograd;

import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.api.fused.SequenceGradient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link Ops#recurrent}: one node with outputs (output, final states...) and inputs
 * (projection, initial states..., W_hh[, b_hh]).
 */
final class RecurrentOp {
    private RecurrentOp() {
    }

    static Optional<RecurrentResult> inference(CellKind kind, Variable x, List<Variable> initial, Variable wIh,
                                               Variable bIh, Variable wHh, Variable bHh, int[] lengths,
                                               boolean reverse) {
        List<Variable> operands = new ArrayList<>(initial);
        operands.add(x);
        operands.add(wIh);
        operands.add(bIh);
        operands.add(wHh);
        operands.add(bHh);
        if (initial.size() != kind.states() || Gradients.needsGrad(operands.toArray(new Variable[0]))) {
            return Optional.empty();
        }
        List<Tensor> h0 = new ArrayList<>();
        for (Variable v : initial) {
            h0.add(v.value());
        }
        Optional<SequenceForward> fwd = x.backend().recurrentInference(kind, x.value(), h0, wIh.value(),
                bIh == null ? null : bIh.value(), wHh.value(), bHh == null ? null : bHh.value(),
                lengths == null ? null : lengths.clone(), reverse);
        return fwd.map(f -> new RecurrentResult(Variable.constant(f.output()),
                f.finalState().stream().map(Variable::constant).toList()));
    }

    static RecurrentResult apply(CellKind kind, Variable p, List<Variable> initial, Variable wHh, Variable bHh,
                                 int[] lengths, boolean reverse) {
        if (initial.size() != kind.states()) {
            throw new IllegalArgumentException("recurrent: " + kind + " needs " + kind.states()
                    + " initial state variables, got " + initial.size());
        }
        Backend be = p.backend();
        int[] lens = lengths == null ? null : lengths.clone();
        List<Tensor> h0 = new ArrayList<>();
        for (Variable v : initial) {
            h0.add(v.value());
        }
        Tensor w = wHh.value();
        SequenceForward fwd = be.recurrentForward(kind, p.value(), h0, w, bHh == null ? null : bHh.value(), lens,
                reverse);
        List<Variable> inputs = new ArrayList<>();
        inputs.add(p);
        inputs.addAll(initial);
        inputs.add(wHh);
        if (bHh != null) {
            inputs.add(bHh);
        }
        Variable[] in = inputs.toArray(new Variable[0]);
        if (!Gradients.needsGrad(in)) {
            List<Variable> states = new ArrayList<>();
            for (Tensor s : fwd.finalState()) {
                states.add(Variable.constant(s));
            }
            return new RecurrentResult(Variable.constant(fwd.output()), List.copyOf(states));
        }
        int outputs = 1 + kind.states();
        Node.Rule rule = g -> {
            Tensor dOut = g[0] != null ? g[0] : be.zeros(fwd.output().shape(), fwd.output().dtype());
            List<Tensor> dFinal = new ArrayList<>();
            for (int i = 0; i < kind.states(); i++) {
                Tensor s = fwd.finalState().get(i);
                dFinal.add(g[1 + i] != null ? g[1 + i] : be.zeros(s.shape(), s.dtype()));
            }
            SequenceGradient grad = be.recurrentBackward(kind, fwd, h0, w, dOut, dFinal, lens, reverse);
            Tensor[] result = new Tensor[in.length];
            result[0] = grad.dInputProjection();
            for (int i = 0; i < kind.states(); i++) {
                result[1 + i] = grad.dInitialState().get(i);
            }
            result[1 + kind.states()] = grad.dRecurrentWeight();
            if (bHh != null) {
                result[2 + kind.states()] = grad.dRecurrentBias();
            }
            return result;
        };
        Node node = new Node("recurrent " + kind, List.of(in), outputs, rule);
        Variable output = new Variable(fwd.output(), true, null, node, 0);
        List<Variable> states = new ArrayList<>();
        for (int i = 0; i < kind.states(); i++) {
            states.add(new Variable(fwd.finalState().get(i), true, null, node, 1 + i));
        }
        return new RecurrentResult(output, List.copyOf(states));
    }
}

package dev.jrnn.models.cell;

import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Variable;

/**
 * The LSTM's gate math, shared by {@link LstmCell} and {@link ProjectedLstmCell}: from the
 * pre-activations {@code z = [z_i, z_f, z_g, z_o]} [B, 4H] and the cell state c [B, H],
 * {@code c' = sigmoid(z_f) c + sigmoid(z_i) tanh(z_g)} and {@code sigmoid(z_o) tanh(c')}.
 */
final class LstmGates {
    private LstmGates() {
    }

    /**
     * One step's new states before any projection.
     *
     * @param output {@code o tanh(c')} [B, H], the hidden state of a plain LSTM
     * @param cell   {@code c'} [B, H]
     */
    record Update(Variable output, Variable cell) {
    }

    static Update apply(Variable z, Variable c, int hidden) {
        Variable i = Ops.sigmoid(block(z, 0, hidden));
        Variable f = Ops.sigmoid(block(z, 1, hidden));
        Variable g = Ops.tanh(block(z, 2, hidden));
        Variable o = Ops.sigmoid(block(z, 3, hidden));
        Variable cNext = Ops.add(Ops.mul(f, c), Ops.mul(i, g));
        return new Update(Ops.mul(o, Ops.tanh(cNext)), cNext);
    }

    private static Variable block(Variable z, int k, int hidden) {
        return Ops.slice(z, 1, k * hidden, (k + 1) * hidden);
    }
}

package dev.jrnn.api.fused;

/**
 * The recurrences with fused kernels, as PyTorch defines them. Gate blocks are stacked along the
 * rows of the weights in PyTorch's order: LSTM {@code i, f, g, o}; GRU {@code r, z, n}.
 */
public enum CellKind {
    /** h' = tanh(W_ih x + b_ih + W_hh h + b_hh) */
    RNN_TANH(1, 1),
    /** h' = relu(W_ih x + b_ih + W_hh h + b_hh) */
    RNN_RELU(1, 1),
    /** PyTorch's LSTM; state (h, c). */
    LSTM(4, 2),
    /** PyTorch's GRU, with n = tanh(W_in x + b_in + r * (W_hn h + b_hn)). */
    GRU(3, 1);

    private final int gates;
    private final int states;

    CellKind(int gates, int states) {
        this.gates = gates;
        this.states = states;
    }

    /** Number of H-sized gate blocks in the weights: 1, 4 or 3. */
    public int gates() {
        return gates;
    }

    /** Number of state tensors: 2 for LSTM (h, c), else 1. */
    public int states() {
        return states;
    }
}

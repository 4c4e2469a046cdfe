package dev.jrnn.api.fused;

import dev.jrnn.api.Tensor;
import java.util.List;

/**
 * A whole sequence run through one recurrent direction.
 *
 * @param output     h(t) for every step [T, B, H]; zero where t is past a sequence's length
 * @param finalState the state after each sequence's last valid step: (h) or, for LSTM, (h, c)
 * @param saved      what the backward pass needs, in this layout (index t is time step t, and the
 *                   state at a masked step is the carried state):
 *                   LSTM: activated gates [T, B, 4H], cell states [T, B, H], hidden states [T, B, H];
 *                   GRU: activated gates [T, B, 3H], {@code W_hn h + b_hn} [T, B, H], hidden states [T, B, H];
 *                   RNN: hidden states [T, B, H]
 */
public record SequenceForward(Tensor output, List<Tensor> finalState, List<Tensor> saved) {

    /** All tensors of this result, for closing or keeping. */
    public List<Tensor> tensors() {
        var all = new java.util.ArrayList<Tensor>();
        all.add(output);
        all.addAll(finalState);
        all.addAll(saved);
        return all;
    }
}

package dev.jrnn.models.layer;

import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * A layer that carries its final state into the next call: streaming inference over chunks, and
 * truncated back-propagation through time, since the carried state is detached (gradients stop at
 * the chunk boundary).
 *
 * <p>The carried state's tensors belong to the scope of the call that made them; when each chunk
 * runs in its own {@link TensorScope}, call {@link #keepStateIn} before that scope closes. A state
 * kept that way belongs to this layer from then on: it is freed when a later {@code keepStateIn}
 * replaces it or {@link #reset} forgets it, so a long run of chunks holds one state at a time.
 *
 * <p>Thread safety: not shareable, since it carries one stream's state; use it from one thread at
 * a time. Concurrent streams each wrap the one shared {@link RecurrentLayer} in a
 * {@code StatefulLayer} of their own: the layer itself is thread-safe.
 */
public final class StatefulLayer {
    private final RecurrentLayer layer;
    private List<Variable> state;
    private List<Tensor> owned = List.of();

    /**
     * Wraps a unidirectional {@code layer}.
     *
     * @throws IllegalArgumentException for a bidirectional layer: its backward direction reads each
     *                                  chunk from its end, so a state carried from one chunk to the next
     *                                  would not be the state of the whole sequence
     */
    public StatefulLayer(RecurrentLayer layer) {
        if (layer.directions() != 1) {
            throw new IllegalArgumentException("stateful layer: the " + layer.cellName() + " layer is bidirectional;"
                    + " a carried state needs one direction (the reverse direction of a chunk starts at its end,"
                    + " not where the previous chunk stopped): build it with bidirectional(false)");
        }
        this.layer = layer;
    }

    /** Runs {@code chunk} from the carried state (zeros at first) and carries its final state on. */
    public LayerOutput forward(Variable chunk) {
        return forward(chunk, null);
    }

    /**
     * Runs {@code chunk} with per-sequence lengths; a sequence's carried state is its state after
     * its last valid step.
     */
    public LayerOutput forward(Variable chunk, int[] lengths) {
        int batch = chunk.shape().rank() == 3 ? chunk.shape().dim(layer.batchFirst() ? 0 : 1) : -1;
        if (state != null && state.get(0).shape().dim(1) != batch) {
            throw new IllegalArgumentException("stateful layer: chunk has shape " + chunk.shape() + " with batch "
                    + batch + ", but the carried state " + state.get(0).shape() + " has batch "
                    + state.get(0).shape().dim(1) + " (call reset() to start new sequences)");
        }
        LayerOutput out = layer.forward(chunk, state, lengths);
        List<Variable> carried = new ArrayList<>(out.finalState().size());
        for (Variable v : out.finalState()) {
            carried.add(v.detach());
        }
        state = List.copyOf(carried);
        return out;
    }

    /**
     * Forgets the carried state; the next call starts from zeros. Frees the state that
     * {@link #keepStateIn} kept, so call it once the steps that read that state are done.
     */
    public void reset() {
        state = null;
        release(List.of());
    }

    /** The carried state, (h) or (h, c) as the layer's h_n and c_n, or null before the first call. */
    public List<Variable> state() {
        return state;
    }

    /**
     * Keeps the carried state's tensors alive past {@code scope} and frees the ones kept before,
     * which only the chunk just run read (as its initial state).
     */
    public void keepStateIn(TensorScope scope) {
        List<Tensor> now = new ArrayList<>();
        if (state != null) {
            for (Variable v : state) {
                now.add(scope.keep(v.value()));
            }
        }
        release(now);
    }

    /** Closes the owned tensors that are not in {@code next}, which becomes the owned set. */
    private void release(List<Tensor> next) {
        for (Tensor t : owned) {
            if (next.stream().noneMatch(n -> n == t)) {
                t.close();
            }
        }
        owned = List.copyOf(next);
    }

    public RecurrentLayer layer() {
        return layer;
    }
}

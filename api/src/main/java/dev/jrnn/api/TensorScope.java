package dev.jrnn.api;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Frees, when closed, every tensor created on this thread while it was open, except those passed
 * to {@link #keep}. Scopes nest; a kept tensor moves to the enclosing scope if there is one.
 *
 * <pre>{@code
 * try (TensorScope scope = TensorScope.open()) {
 *     Tensor y = backend.tanh(backend.add(a, b));   // the sum is freed at the end
 *     return scope.keep(y);                         // y survives
 * }
 * }</pre>
 *
 * <p>A tensor kept past the outermost scope, like one made outside any scope, belongs to the
 * caller, who closes it; one left unclosed and reclaimed by the garbage collector shows in
 * {@link MemoryCounter#reclaimedTensors()}.
 *
 * <p>Thread safety: scopes are per thread. A scope tracks the tensors made on the thread that
 * opened it, and must be kept and closed on that thread; each thread serving requests opens its
 * own. The tensors themselves may be read from any thread.
 */
public final class TensorScope implements AutoCloseable {
    private static final ThreadLocal<Deque<TensorScope>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);

    private final List<Tensor> tracked = new ArrayList<>();
    private final Set<Tensor> kept = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    private TensorScope() {
    }

    /** Opens a scope on the current thread. */
    public static TensorScope open() {
        TensorScope scope = new TensorScope();
        OPEN.get().push(scope);
        return scope;
    }

    /** Registers a new tensor with the innermost open scope of this thread, if any. */
    public static void track(Tensor tensor) {
        adopt(tensor);
    }

    /** {@link #track}; returns whether a scope took the tensor. */
    static boolean adopt(Tensor tensor) {
        TensorScope scope = OPEN.get().peek();
        if (scope == null) {
            return false;
        }
        scope.tracked.add(tensor);
        return true;
    }

    /** Keeps {@code tensor} alive past this scope; returns it. */
    public <T extends Tensor> T keep(T tensor) {
        kept.add(tensor);
        return tensor;
    }

    /** Keeps every tensor of {@code tensors}. */
    public void keepAll(Iterable<? extends Tensor> tensors) {
        for (Tensor t : tensors) {
            keep(t);
        }
    }

    /** Number of tensors registered with this scope so far. */
    public int trackedCount() {
        return tracked.size();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        Deque<TensorScope> stack = OPEN.get();
        if (stack.peek() != this) {
            throw new IllegalStateException("tensor scopes must be closed in the reverse order of opening");
        }
        closed = true;
        stack.pop();
        TensorScope parent = stack.peek();
        for (Tensor t : tracked) {
            if (kept.contains(t)) {
                if (parent != null) {
                    parent.tracked.add(t);
                } else if (t instanceof AbstractTensor owned) {
                    owned.watch();
                }
            } else {
                t.close();
            }
        }
        tracked.clear();
        kept.clear();
    }
}

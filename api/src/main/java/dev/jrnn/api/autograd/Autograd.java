package dev.jrnn.api.autograd;

import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the reverse pass and switches recording off.
 *
 * <p>{@link #backward} visits the ops that led to the roots in reverse topological order, applies
 * each op's rule once, sums the gradients of a variable used more than once, and adds the result
 * to the {@link Variable#grad()} of every leaf that requires a gradient (so gradients accumulate
 * over calls until {@link Parameter#zeroGrad()}). All gradient tensors are created in the caller's
 * {@link dev.jrnn.api.TensorScope}; see {@link Parameter} for keeping parameters' gradients. A
 * leaf whose previous gradient was freed with its scope starts again from zero.
 */
public final class Autograd {
    private static final ThreadLocal<int[]> NO_GRAD_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private Autograd() {
    }

    /** Whether ops on this thread record the graph (false inside {@link #noGrad()}). */
    public static boolean isRecording() {
        return NO_GRAD_DEPTH.get()[0] == 0;
    }

    /**
     * Switches recording off on this thread until the returned handle is closed: ops then return
     * constants and keep nothing for a backward pass (inference).
     *
     * <pre>{@code try (var off = Autograd.noGrad()) { y = layer.forward(x); } }</pre>
     */
    public static NoGrad noGrad() {
        NO_GRAD_DEPTH.get()[0]++;
        return new NoGrad();
    }

    /** The handle of {@link #noGrad()}; closing it restores recording. */
    public static final class NoGrad implements AutoCloseable {
        private boolean closed;

        private NoGrad() {
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                NO_GRAD_DEPTH.get()[0]--;
            }
        }
    }

    /** Back-propagates from a one-element {@code loss}, seeding dL/dL = 1. */
    public static void backward(Variable loss) {
        if (loss.value().size() != 1) {
            throw new IllegalArgumentException("backward: loss " + loss + " must have one element, got shape "
                    + loss.shape() + " (reduce it with Ops.sum, or pass a seed gradient)");
        }
        Backend be = loss.backend();
        backward(List.of(loss), List.of(be.full(loss.shape(), 1.0, loss.dtype())));
    }

    /**
     * Back-propagates from several roots at once: {@code L = sum_i sum(roots[i] * seeds[i])}.
     *
     * @param seeds dL/d(root i), each of its root's shape
     */
    public static void backward(List<Variable> roots, List<Tensor> seeds) {
        if (roots.size() != seeds.size()) {
            throw new IllegalArgumentException("backward: " + roots.size() + " roots but " + seeds.size() + " seeds");
        }
        Map<Node, Tensor[]> nodeGrads = new IdentityHashMap<>();
        Map<Variable, Tensor> leafGrads = new IdentityHashMap<>();
        for (int i = 0; i < roots.size(); i++) {
            Variable root = roots.get(i);
            checkShape("seed " + i, root, seeds.get(i).shape());
            accumulate(nodeGrads, leafGrads, root, seeds.get(i));
        }
        for (Node node : reverseTopological(roots)) {
            Tensor[] gradOut = nodeGrads.remove(node);
            if (gradOut == null) {
                continue;
            }
            Tensor[] gradIn = node.rule().backward(gradOut);
            for (int j = 0; j < node.inputs().size(); j++) {
                Variable in = node.inputs().get(j);
                if (in.requiresGrad() && gradIn[j] != null) {
                    checkShape(node.op() + " input " + j, in, gradIn[j].shape());
                    accumulate(nodeGrads, leafGrads, in, gradIn[j]);
                }
            }
        }
        Set<Tensor> handedOut = Collections.newSetFromMap(new IdentityHashMap<>());
        handedOut.addAll(seeds);
        for (Map.Entry<Variable, Tensor> e : leafGrads.entrySet()) {
            Variable v = e.getKey();
            Tensor g = e.getValue();
            if (!handedOut.add(g)) {
                g = v.backend().scale(g, 1.0); // each leaf owns its own gradient tensor
                handedOut.add(g);
            }
            Tensor previous = v.grad();
            Tensor total = previous == null || previous.isClosed() ? g : v.backend().add(previous, g);
            if (v instanceof Parameter p) {
                p.setGradient(total);
            } else {
                v.setGrad(total);
            }
        }
    }

    private static void checkShape(String what, Variable v, Shape gradShape) {
        if (!v.shape().equals(gradShape)) {
            throw new IllegalStateException("backward: gradient of " + what + " has shape " + gradShape
                    + ", expected the variable's shape " + v.shape() + " (" + v + ")");
        }
    }

    private static void accumulate(Map<Node, Tensor[]> nodeGrads, Map<Variable, Tensor> leafGrads, Variable v,
                                   Tensor g) {
        if (v.creator != null) {
            Tensor[] slots = nodeGrads.computeIfAbsent(v.creator, n -> new Tensor[n.outputs()]);
            Tensor previous = slots[v.outputIndex];
            slots[v.outputIndex] = previous == null ? g : v.backend().add(previous, g);
        } else if (v.requiresGrad()) {
            Tensor previous = leafGrads.get(v);
            leafGrads.put(v, previous == null ? g : v.backend().add(previous, g));
        }
    }

    /** The nodes reachable from the roots, every node before the nodes that made its inputs. */
    static List<Node> reverseTopological(List<Variable> roots) {
        List<Node> order = new ArrayList<>();
        Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object[]> stack = new ArrayDeque<>();
        for (Variable root : roots) {
            if (root.creator != null && visited.add(root.creator)) {
                stack.push(new Object[] {root.creator, 0});
            }
            while (!stack.isEmpty()) {
                Object[] frame = stack.peek();
                Node node = (Node) frame[0];
                int next = (Integer) frame[1];
                if (next < node.inputs().size()) {
                    frame[1] = next + 1;
                    Node child = node.inputs().get(next).creator;
                    if (child != null && node.inputs().get(next).requiresGrad() && visited.add(child)) {
                        stack.push(new Object[] {child, 0});
                    }
                } else {
                    stack.pop();
                    order.add(node);
                }
            }
        }
        Collections.reverse(order);
        return order;
    }
}

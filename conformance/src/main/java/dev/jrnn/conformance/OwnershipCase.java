package dev.jrnn.conformance;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.ReduceOp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/**
 * An op applied to one input, run by {@link OwnershipSuite} on both backends: among them every op
 * that could be tempted to hand back its input, or a view of it (a reshape to the same shape, a
 * full-range slice, the identity transpose, an expand by 1, a concat of one part, a cast to the
 * same dtype, a transfer within the backend, a scale by 1).
 *
 * @param name  what the op does, for test names
 * @param input the input's dimensions
 * @param op    the op on a backend and the input
 */
record OwnershipCase(String name, int[] input, BiFunction<Backend, Tensor, Tensor> op) {

    Tensor apply(Backend backend, Tensor x) {
        return op.apply(backend, x);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Every case crossed with every dtype, named {@code reshape to the same shape float32}. */
    static Stream<Arguments> all() {
        List<Arguments> all = new ArrayList<>();
        for (OwnershipCase c : cases()) {
            for (DType d : DType.values()) {
                all.add(Arguments.of(Named.of(c.name(), c), KitCases.named(d)));
            }
        }
        return all.stream();
    }

    private static List<OwnershipCase> cases() {
        int[] m = {3, 4};
        int[] row = {1, 12};
        return List.of(
                new OwnershipCase("reshape to the same shape", m, (be, x) -> be.reshape(x, x.shape())),
                new OwnershipCase("reshape to another shape", m, (be, x) -> be.reshape(x, Shape.of(4, 3))),
                new OwnershipCase("slice of the full range along axis 0", m, (be, x) -> be.slice(x, 0, 0, 3)),
                new OwnershipCase("slice of the full range along axis 1", m, (be, x) -> be.slice(x, 1, 0, 4)),
                new OwnershipCase("slice of one row", m, (be, x) -> be.slice(x, 0, 1, 2)),
                new OwnershipCase("transpose by the identity", m, (be, x) -> be.transpose(x, 0, 1)),
                new OwnershipCase("transpose", m, (be, x) -> be.transpose(x, 1, 0)),
                new OwnershipCase("expand by 1", m, (be, x) -> be.expand(x, 0, 1)),
                new OwnershipCase("expand by 2", m, (be, x) -> be.expand(x, 1, 2)),
                new OwnershipCase("concat of one part", m, (be, x) -> be.concat(0, List.of(x))),
                new OwnershipCase("concat of two parts", m, (be, x) -> be.concat(1, List.of(x, x))),
                new OwnershipCase("cast to the same dtype", m, (be, x) -> be.cast(x, x.dtype())),
                new OwnershipCase("transfer within the backend", m, Backend::transfer),
                new OwnershipCase("scale by 1", m, (be, x) -> be.scale(x, 1.0)),
                new OwnershipCase("add of a zero scalar", m, (be, x) -> be.add(x, be.zeros(Shape.scalar(), x.dtype()))),
                new OwnershipCase("max with itself", m, (be, x) -> be.max(x, x)),
                new OwnershipCase("abs", m, Backend::abs),
                new OwnershipCase("sum over an axis of size 1", row, (be, x) -> be.reduce(ReduceOp.SUM, x, 0)),
                new OwnershipCase("max over an axis of size 1", row, (be, x) -> be.reduce(ReduceOp.MAX, x, 0)),
                new OwnershipCase("matmul by a 1x1 one", new int[] {3, 1},
                        (be, x) -> be.matmul(x, be.full(Shape.of(1, 1), 1.0, x.dtype()))));
    }
}

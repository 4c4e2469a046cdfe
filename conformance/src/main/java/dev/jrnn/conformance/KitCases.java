package dev.jrnn.conformance;

import dev.jrnn.api.DType;
import dev.jrnn.api.backend.BinaryOp;
import dev.jrnn.api.backend.ReduceOp;
import dev.jrnn.api.backend.UnaryOp;
import dev.jrnn.api.fused.CellKind;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Argument sources of the kit's parameterized tests: every op or cell kind crossed with every dtype. */
public final class KitCases {
    private KitCases() {
    }

    public static Stream<Arguments> unaryOps() {
        return cross(UnaryOp.values());
    }

    public static Stream<Arguments> binaryOps() {
        return cross(BinaryOp.values());
    }

    public static Stream<Arguments> reduceOps() {
        return cross(ReduceOp.values());
    }

    public static Stream<Arguments> cellKinds() {
        return cross(CellKind.values());
    }

    public static Stream<Arguments> rnnKinds() {
        return cross(new CellKind[] {CellKind.RNN_TANH, CellKind.RNN_RELU});
    }

    /** dtype x transposeA x transposeB. */
    public static Stream<Arguments> transposeFlags() {
        List<Arguments> all = new ArrayList<>();
        for (DType d : DType.values()) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    all.add(Arguments.of(d, ta, tb));
                }
            }
        }
        return all.stream();
    }

    /** cell kind x dtype x with lengths x reverse. */
    public static Stream<Arguments> sequences() {
        List<Arguments> all = new ArrayList<>();
        for (CellKind k : CellKind.values()) {
            for (DType d : DType.values()) {
                for (boolean lengths : new boolean[] {false, true}) {
                    for (boolean reverse : new boolean[] {false, true}) {
                        all.add(Arguments.of(k, d, lengths, reverse));
                    }
                }
            }
        }
        return all.stream();
    }

    private static Stream<Arguments> cross(Object[] values) {
        List<Arguments> all = new ArrayList<>();
        for (Object v : values) {
            for (DType d : DType.values()) {
                all.add(Arguments.of(v, d));
            }
        }
        return all.stream();
    }
}

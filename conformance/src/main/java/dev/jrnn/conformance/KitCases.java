package dev.jrnn.conformance;

import dev.jrnn.api.DType;
import dev.jrnn.api.backend.BinaryOp;
import dev.jrnn.api.backend.ReduceOp;
import dev.jrnn.api.backend.UnaryOp;
import dev.jrnn.api.fused.CellKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Argument sources of the kit's parameterized tests: every op or cell kind crossed with every
 * dtype. Dtypes and shapes are {@link Named} so that test names read {@code ADD float32 [2,3]x[3]}.
 */
public final class KitCases {
    /** {a shape, b shape}: equal, suffix on either side, scalar and one-element on either side, rank 3. */
    static final int[][][] BROADCASTS = {
        {{1, 1}, {1, 1}}, {{3, 4}, {3, 4}}, {{3, 4}, {4}}, {{4}, {3, 4}}, {{3, 4}, {}}, {{}, {3, 4}},
        {{3, 4}, {1}}, {{1}, {3, 4}}, {{2, 3, 4}, {3, 4}}, {{4}, {2, 3, 4}}, {{2, 3, 4}, {2, 3, 4}},
        {{2, 3, 4}, {}}, {{}, {}},
    };

    private KitCases() {
    }

    /** {@code dtype} named in lower case: {@code float32}. */
    public static Named<DType> named(DType dtype) {
        return Named.of(dtype.name().toLowerCase(Locale.ROOT), dtype);
    }

    /** Dimensions as {@code [2,3]}, a scalar as {@code []}. */
    public static String dims(int... dims) {
        return IntStream.of(dims).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    }

    public static Stream<Arguments> dtypes() {
        return Stream.of(DType.values()).map(d -> Arguments.of(named(d)));
    }

    public static Stream<Arguments> unaryOps() {
        return cross(UnaryOp.values());
    }

    public static Stream<Arguments> binaryOps() {
        return cross(BinaryOp.values());
    }

    /** binary op x dtype x {a shape, b shape} of {@link #BROADCASTS}, named {@code [3,4]x[4]}. */
    public static Stream<Arguments> binaryBroadcasts() {
        List<Arguments> all = new ArrayList<>();
        for (BinaryOp op : BinaryOp.values()) {
            for (DType d : DType.values()) {
                for (int[][] shapes : BROADCASTS) {
                    all.add(Arguments.of(op, named(d), Named.of(dims(shapes[0]) + "x" + dims(shapes[1]), shapes)));
                }
            }
        }
        return all.stream();
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

    /** dtype x transposeA x transposeB, named {@code float32 a^T b}. */
    public static Stream<Arguments> transposeFlags() {
        List<Arguments> all = new ArrayList<>();
        for (DType d : DType.values()) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    all.add(Arguments.of(named(d), Named.of(ta ? "a^T" : "a", ta), Named.of(tb ? "b^T" : "b", tb)));
                }
            }
        }
        return all.stream();
    }

    /** cell kind x dtype x with lengths x reverse, named {@code LSTM float32 lengths reversed}. */
    public static Stream<Arguments> sequences() {
        List<Arguments> all = new ArrayList<>();
        for (CellKind k : CellKind.values()) {
            for (DType d : DType.values()) {
                for (boolean lengths : new boolean[] {false, true}) {
                    for (boolean reverse : new boolean[] {false, true}) {
                        all.add(Arguments.of(k, named(d), Named.of(lengths ? "lengths" : "full", lengths),
                                Named.of(reverse ? "reversed" : "forward", reverse)));
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
                all.add(Arguments.of(v, named(d)));
            }
        }
        return all.stream();
    }
}

package dev.jrnn.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SequenceDatasetTest {
    private final Backend be = new ReferenceBackend();

    /** Sequence i has {@code lengths[i]} steps of 2 features, step t of sequence i being (10 i + t, -t). */
    static List<double[][]> sequences(int... lengths) {
        double[][][] out = new double[lengths.length][][];
        for (int i = 0; i < lengths.length; i++) {
            out[i] = new double[lengths[i]][];
            for (int t = 0; t < lengths[i]; t++) {
                out[i][t] = new double[] {10 * i + t, -t};
            }
        }
        return List.of(out);
    }

    @Test
    @DisplayName("a many-to-one batch is padded with zeros to its longest sequence, batch first, with its lengths")
    void manyToOneBatch() {
        SequenceDataset data = SequenceDataset.manyToOne(sequences(3, 1, 2), new double[][] {{1}, {2}, {3}});
        assertEquals(Shape.of(3, 2), data.inputShape());
        assertEquals(Shape.of(1), data.targetShape());
        assertArrayEquals(new int[] {3, 1, 2}, data.lengths());
        int[] batch = {2, 1};
        assertArrayEquals(new int[] {2, 1}, data.lengths(batch));
        Tensor x = data.inputs(batch, be, DType.FLOAT64);
        assertEquals(Shape.of(2, 2, 2), x.shape());
        assertArrayEquals(new double[] {20, 0, 21, -1, 10, 0, 0, 0}, x.toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {3, 2}, data.targets(batch, be, DType.FLOAT64).toDoubleArray(), 0.0);
        assertNull(data.targetWeights(batch, be, DType.FLOAT64), "no weights: every target counts once");
    }

    @Test
    @DisplayName("per-step targets are padded alike and masked: weight 1 at real steps (times the sample weight), 0 at padding")
    void manyToManyMask() {
        List<double[][]> targets = List.of(new double[][] {{1, 1}, {2, 2}, {3, 3}}, new double[][] {{4, 4}});
        SequenceDataset data = SequenceDataset.manyToMany(sequences(3, 1), targets);
        assertEquals(Shape.of(3, 2), data.targetShape());
        int[] batch = {1, 0};
        Tensor y = data.targets(batch, be, DType.FLOAT64);
        assertEquals(Shape.of(2, 3, 2), y.shape());
        assertArrayEquals(new double[] {4, 4, 0, 0, 0, 0, 1, 1, 2, 2, 3, 3}, y.toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {1, 0, 0, 1, 1, 1}, data.targetWeights(batch, be, DType.FLOAT64).toDoubleArray(),
                0.0);
        SequenceDataset weighted = data.withSampleWeights(new double[] {0.5, 2});
        Tensor w = weighted.targetWeights(batch, be, DType.FLOAT64);
        assertEquals(Shape.of(2, 3), w.shape());
        assertArrayEquals(new double[] {2, 0, 0, 0.5, 0.5, 0.5}, w.toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {0.5, 0.5, 0.5}, weighted.range(0, 1).targetWeights(new int[] {0}, be, DType.FLOAT64)
                .toDoubleArray(), 0.0);
    }

    @Test
    @DisplayName("labels per sequence are scalars [B], labels per step [B, T]; sample weights of many-to-one are [B]")
    void labels() {
        SequenceDataset perSequence = SequenceDataset.manyToOneLabels(sequences(2, 4), new int[] {3, 0})
                .withSampleWeights(new double[] {1, 3});
        assertEquals(Shape.scalar(), perSequence.targetShape());
        assertEquals(Shape.of(2), perSequence.targets(new int[] {0, 1}, be, DType.FLOAT64).shape());
        assertArrayEquals(new double[] {3, 1}, perSequence.targetWeights(new int[] {1, 0}, be, DType.FLOAT64)
                .toDoubleArray(), 0.0);
        SequenceDataset tags = SequenceDataset.manyToManyLabels(sequences(2, 1), List.of(new int[] {5, 6}, new int[] {7}));
        Tensor y = tags.targets(new int[] {1, 0}, be, DType.FLOAT64);
        assertEquals(Shape.of(2, 2), y.shape());
        assertArrayEquals(new double[] {7, 0, 5, 6}, y.toDoubleArray(), 0.0);
        assertTrue(tags.perStepTargets());
        assertTrue(tags.toString().contains("2 sequences"), tags.toString());
    }

    @Test
    @DisplayName("bad sequences are refused naming the sequence and step: empty, ragged, non-finite, mismatched targets")
    void badInput() {
        assertRefused("sequence 1 has no steps", () -> SequenceDataset.manyToOne(
                List.of(new double[][] {{1, 2}}, new double[0][]), new double[][] {{1}, {2}}));
        assertRefused("sequence 1, step 1 has 3 values, expected 2", () -> SequenceDataset.manyToOne(
                List.of(new double[][] {{1, 2}}, new double[][] {{1, 2}, {1, 2, 3}}), new double[][] {{1}, {2}}));
        assertRefused("sequence 0, step 0, value 1 is NaN", () -> SequenceDataset.manyToOne(
                List.<double[][]>of(new double[][] {{1, Double.NaN}}), new double[][] {{1}}));
        assertRefused("1 targets for 2 sequences", () -> SequenceDataset.manyToOne(sequences(1, 2),
                new double[][] {{1}}));
        assertRefused("target of sequence 1 has 2 values, expected 1", () -> SequenceDataset.manyToOne(
                sequences(1, 2), new double[][] {{1}, {1, 2}}));
        assertRefused("sequence 0 has 2 steps but 1 step targets", () -> SequenceDataset.manyToMany(
                sequences(2), List.<double[][]>of(new double[][] {{1}})));
        assertRefused("sequence 1 has 1 steps but 2 step labels", () -> SequenceDataset.manyToManyLabels(
                sequences(2, 1), List.of(new int[] {1, 2}, new int[] {1, 2})));
        assertRefused("no sequences", () -> SequenceDataset.manyToOne(List.of(), new double[0][]));
        SequenceDataset data = SequenceDataset.manyToOne(sequences(1, 2), new double[][] {{1}, {2}});
        assertRefused("sample weight -1.0 of sequence 1", () -> data.withSampleWeights(new double[] {1, -1}));
        assertRefused("1 sample weights for 2 sequences", () -> data.withSampleWeights(new double[] {1}));
        assertRefused("range [1, 1)", () -> data.range(1, 1));
        IndexOutOfBoundsException ex = assertThrows(IndexOutOfBoundsException.class,
                () -> data.inputs(new int[] {2}, be, DType.FLOAT64));
        assertTrue(ex.getMessage().contains("sample 2"), ex.getMessage());
    }

    private static void assertRefused(String expected, Executable call) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, call);
        assertTrue(ex.getMessage().startsWith("sequence dataset: ") && ex.getMessage().contains(expected),
                ex.getMessage());
    }

    @Test
    @DisplayName("the fixed-shape Dataset reports no lengths and no target weights")
    void fixedDatasetHasNoLengths() {
        Dataset fixed = ScalarModel.line(4, 1.0);
        assertNull(fixed.lengths(new int[] {0, 1}));
        assertNull(fixed.targetWeights(new int[] {0, 1}, be, DType.FLOAT64));
    }
}

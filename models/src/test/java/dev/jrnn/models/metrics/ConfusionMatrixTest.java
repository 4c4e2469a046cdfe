package dev.jrnn.models.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

@DisplayName("accuracy and the confusion matrix")
class ConfusionMatrixTest {
    private final Backend be = new ReferenceBackend();

    /**
     * y_true = [0, 0, 0, 1, 1, 2, 2, 2, 2], y_pred = [0, 1, 0, 1, 2, 2, 2, 0, 2]; scikit-learn's
     * precision_recall_fscore_support gives precision [2/3, 1/2, 3/4], recall [2/3, 1/2, 3/4].
     */
    private ConfusionMatrix example() {
        int[] actual = {0, 0, 0, 1, 1, 2, 2, 2, 2};
        int[] predicted = {0, 1, 0, 1, 2, 2, 2, 0, 2};
        ConfusionMatrix m = new ConfusionMatrix(List.of("cat", "dog", "bird"));
        for (int i = 0; i < actual.length; i++) {
            m.add(actual[i], predicted[i]);
        }
        return m;
    }

    @Test
    @DisplayName("counts, accuracy, precision, recall, F1 and macro F1 are those scikit-learn gives")
    void metrics() {
        ConfusionMatrix m = example();
        assertEquals(9, m.total());
        assertEquals(2, m.count(0, 0));
        assertEquals(1, m.count(2, 0));
        assertEquals(6.0 / 9, m.accuracy(), 1e-15);
        assertEquals(2.0 / 3, m.precision(0), 1e-15);
        assertEquals(0.5, m.precision(1), 1e-15);
        assertEquals(0.75, m.recall(2), 1e-15);
        assertEquals(4, m.support(2));
        assertEquals(2, m.predicted(1));
        assertEquals((2.0 / 3 + 0.5 + 0.75) / 3, m.macroF1(), 1e-15);
        String text = m.toString();
        assertTrue(text.contains("bird") && text.contains("precision") && text.contains("0.667")
                && text.contains("accuracy 0.6667 over 9 samples"), text);
    }

    @Test
    @DisplayName("a class never predicted has precision 0, not NaN; an empty matrix has NaN accuracy")
    void zeroDivision() {
        ConfusionMatrix m = new ConfusionMatrix(3);
        assertTrue(Double.isNaN(m.accuracy()));
        m.add(1, 0);
        assertEquals(0.0, m.precision(2));
        assertEquals(0.0, m.f1(1));
    }

    @Test
    @DisplayName("accuracy of logits takes the argmax (first on ties) and skips ignored positions")
    void accuracyOfLogits() {
        Tensor logits = be.fromArray(new double[] {
            0.1, 0.9, 0.0,     // 1
            2.0, 2.0, 1.0,     // tie: 0
            0.0, 0.0, 3.0,     // 2
            5.0, 0.0, 0.0}, Shape.of(2, 2, 3), DType.FLOAT32);
        Tensor targets = be.fromArray(new double[] {1, 1, 2, -100}, Shape.of(2, 2), DType.FLOAT32);
        assertEquals(2.0 / 3, Accuracy.of(logits, targets), 1e-15);
        assertEquals(0.5, Accuracy.of(logits, be.fromArray(new double[] {1, 1, 2, 1}, Shape.of(2, 2), DType.FLOAT32),
                7), 1e-15);
    }

    @Test
    @DisplayName("classes outside the matrix and mismatched shapes are refused, naming them")
    void errors() {
        ConfusionMatrix m = new ConfusionMatrix(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.add(3, 0));
        assertTrue(e.getMessage().contains("3") && e.getMessage().contains("[0, 3)"), e.getMessage());
        Tensor logits = be.zeros(Shape.of(2, 4), DType.FLOAT64);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> m.add(logits, be.zeros(Shape.of(2), DType.FLOAT64), -100));
        assertTrue(shape.getMessage().contains("[2, 4]"), shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(0));
    }
}

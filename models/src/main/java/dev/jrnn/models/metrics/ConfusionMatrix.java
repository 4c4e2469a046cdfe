package dev.jrnn.models.metrics;

import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Counts of (actual class, predicted class) pairs, rows actual and columns predicted, and the
 * metrics read from them: accuracy, and per class c with {@code tp = n_cc},
 * {@code precision = tp / sum_a n_ac} (of the predictions of c, the right ones),
 * {@code recall = tp / sum_p n_cp} (of the samples of c, the ones found) and
 * {@code F1 = 2 precision recall / (precision + recall)}; a ratio with nothing to count is 0, as
 * scikit-learn's {@code zero_division=0}. {@link #toString()} prints the matrix and the per-class
 * table. Not thread-safe: fill it from one thread.
 */
public final class ConfusionMatrix {
    private final List<String> labels;
    private final long[][] counts;

    /** A matrix for classes named {@code 0 .. classes-1}. */
    public ConfusionMatrix(int classes) {
        this(numbered(classes));
    }

    /** A matrix for the classes named {@code labels}, class c being {@code labels.get(c)}. */
    public ConfusionMatrix(List<String> labels) {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("confusion matrix: needs at least one class");
        }
        this.labels = List.copyOf(labels);
        this.counts = new long[labels.size()][labels.size()];
    }

    private static List<String> numbered(int classes) {
        if (classes <= 0) {
            throw new IllegalArgumentException("confusion matrix: needs at least one class, got " + classes);
        }
        List<String> names = new ArrayList<>(classes);
        for (int c = 0; c < classes; c++) {
            names.add(Integer.toString(c));
        }
        return names;
    }

    /** Counts one sample of class {@code actual} predicted as {@code predicted}. */
    public void add(int actual, int predicted) {
        check("actual", actual);
        check("predicted", predicted);
        counts[actual][predicted]++;
    }

    /**
     * Counts every position of a batch: the prediction is the argmax of its logits (the first on
     * ties), the actual class its target; positions whose target is {@code ignoreIndex} are skipped.
     *
     * @param logits  [..., C], C the number of classes
     * @param targets [...], class indices as values
     */
    public void add(Tensor logits, Tensor targets, int ignoreIndex) {
        Shape shape = logits.shape();
        int classes = classes();
        if (shape.rank() == 0 || shape.dim(shape.rank() - 1) != classes
                || !shape.equals(targets.shape().insert(targets.shape().rank(), classes))) {
            throw new IllegalArgumentException("confusion matrix: logits of shape " + shape + " and targets of shape "
                    + targets.shape() + " do not match " + classes + " classes (logits must be [..., " + classes
                    + "] over targets [...])");
        }
        double[] z = logits.toDoubleArray();
        double[] y = targets.toDoubleArray();
        for (int i = 0; i < y.length; i++) {
            if (y[i] == ignoreIndex) {
                continue;
            }
            if (y[i] != Math.rint(y[i])) {
                throw new IllegalArgumentException("confusion matrix: target " + y[i] + " at position " + i
                        + " is not a class index");
            }
            add((int) y[i], Accuracy.argmax(z, i * classes, classes));
        }
    }

    private void check(String what, int c) {
        if (c < 0 || c >= classes()) {
            throw new IllegalArgumentException("confusion matrix: " + what + " class " + c + " is outside [0, "
                    + classes() + ")");
        }
    }

    public int classes() {
        return labels.size();
    }

    public List<String> labels() {
        return labels;
    }

    /** The number of samples of class {@code actual} predicted as {@code predicted}. */
    public long count(int actual, int predicted) {
        check("actual", actual);
        check("predicted", predicted);
        return counts[actual][predicted];
    }

    /** All samples counted. */
    public long total() {
        long n = 0;
        for (long[] row : counts) {
            for (long v : row) {
                n += v;
            }
        }
        return n;
    }

    /** The fraction predicted right; NaN before any sample. */
    public double accuracy() {
        long right = 0;
        for (int c = 0; c < classes(); c++) {
            right += counts[c][c];
        }
        long n = total();
        return n == 0 ? Double.NaN : (double) right / n;
    }

    /** The samples of class {@code c} (its row's sum). */
    public long support(int c) {
        check("actual", c);
        long n = 0;
        for (long v : counts[c]) {
            n += v;
        }
        return n;
    }

    /** The predictions of class {@code c} (its column's sum). */
    public long predicted(int c) {
        check("predicted", c);
        long n = 0;
        for (long[] row : counts) {
            n += row[c];
        }
        return n;
    }

    /** {@code tp / predicted(c)}, 0 when c was never predicted. */
    public double precision(int c) {
        long p = predicted(c);
        return p == 0 ? 0.0 : (double) counts[c][c] / p;
    }

    /** {@code tp / support(c)}, 0 when c has no sample. */
    public double recall(int c) {
        long s = support(c);
        return s == 0 ? 0.0 : (double) counts[c][c] / s;
    }

    /** The harmonic mean of precision and recall, 0 when both are 0. */
    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }

    /** The unweighted mean of the classes' F1 (scikit-learn's {@code average='macro'}). */
    public double macroF1() {
        double sum = 0;
        for (int c = 0; c < classes(); c++) {
            sum += f1(c);
        }
        return sum / classes();
    }

    /** The counts, rows actual and columns predicted, then precision, recall, F1 and support per class. */
    @Override
    public String toString() {
        int width = 9;
        for (String label : labels) {
            width = Math.max(width, label.length() + 1);
        }
        for (long[] row : counts) {
            for (long v : row) {
                width = Math.max(width, Long.toString(v).length() + 1);
            }
        }
        StringBuilder s = new StringBuilder();
        String cell = "%" + width + "s";
        s.append(String.format(Locale.ROOT, cell, "actual\\pred"));
        for (String label : labels) {
            s.append(String.format(Locale.ROOT, cell, label));
        }
        s.append('\n');
        for (int a = 0; a < classes(); a++) {
            s.append(String.format(Locale.ROOT, cell, labels.get(a)));
            for (int p = 0; p < classes(); p++) {
                s.append(String.format(Locale.ROOT, cell, counts[a][p]));
            }
            s.append('\n');
        }
        s.append(String.format(Locale.ROOT, cell + "%11s%11s%11s%11s%n", "class", "precision", "recall", "f1",
                "support"));
        for (int c = 0; c < classes(); c++) {
            s.append(String.format(Locale.ROOT, cell + "%11.3f%11.3f%11.3f%11d%n", labels.get(c), precision(c),
                    recall(c), f1(c), support(c)));
        }
        s.append(String.format(Locale.ROOT, "accuracy %.4f over %d samples, macro F1 %.4f", accuracy(), total(),
                macroF1()));
        return s.toString();
    }
}

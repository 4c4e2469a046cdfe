package dev.jrnn.models.train;

import dev.jrnn.api.DType;
import dev.jrnn.api.autograd.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A model's table, as Keras' {@code model.summary()} or torchinfo: one row per layer (or per
 * parameter) with its type, output shape and parameter count, then the totals, the trainable count,
 * the dtype and the backend. {@link #toString()} is the table.
 *
 * <pre>
 * SequenceRegressor
 * Layer  Type                            Output shape  Params
 * ===========================================================
 * layer  LSTM(1, 32, batch_first=True)   [B, T, 32]     4,480
 * head   Linear(32, 1) on the last step  [B, 1]            33
 * ===========================================================
 * Total params: 4,513
 * ...
 * </pre>
 */
public final class ModelSummary {
    /**
     * One row.
     *
     * @param name        the layer's (or parameter's) name in the model
     * @param type        what it is, its {@code toString}
     * @param outputShape its output's shape with symbolic batch and time axes, or "?" when unknown
     * @param parameters  its number of trainable values
     */
    public record Row(String name, String type, String outputShape, long parameters) {
    }

    private final String title;
    private final List<Row> rows;
    private final String inputShape;
    private final long total;
    private final long trainable;
    private final DType dtype;
    private final String backend;

    /**
     * @param title      the model's name
     * @param rows       its layers
     * @param inputShape the input's shape, or null when unknown
     * @param parameters all its parameters (for the totals, dtype and backend)
     */
    public ModelSummary(String title, List<Row> rows, String inputShape, List<Parameter> parameters) {
        this.title = title;
        this.rows = List.copyOf(rows);
        this.inputShape = inputShape;
        long all = 0;
        long learnt = 0;
        for (Parameter p : parameters) {
            all += p.shape().size();
            learnt += p.requiresGrad() ? p.shape().size() : 0;
        }
        this.total = all;
        this.trainable = learnt;
        this.dtype = parameters.isEmpty() ? null : parameters.get(0).dtype();
        this.backend = parameters.isEmpty() ? null : parameters.get(0).backend().name();
    }

    /** One row per parameter, for a model that describes no layers. */
    public static ModelSummary ofParameters(Model model) {
        List<Row> rows = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            rows.add(new Row(p.name(), "Parameter " + p.shape(), "?", p.shape().size()));
        }
        return new ModelSummary(model.getClass().getSimpleName(), rows, null, model.parameters());
    }

    public List<Row> rows() {
        return rows;
    }

    /** All parameter values. */
    public long totalParameters() {
        return total;
    }

    /** The values an optimizer updates. */
    public long trainableParameters() {
        return trainable;
    }

    @Override
    public String toString() {
        String[] head = {"Layer", "Type", "Output shape", "Params"};
        int[] width = new int[4];
        List<String[]> cells = new ArrayList<>();
        cells.add(head);
        for (Row r : rows) {
            cells.add(new String[] {r.name(), r.type(), r.outputShape(), count(r.parameters())});
        }
        for (String[] c : cells) {
            for (int i = 0; i < 4; i++) {
                width[i] = Math.max(width[i], c[i].length());
            }
        }
        int line = width[0] + width[1] + width[2] + width[3] + 6;
        StringBuilder sb = new StringBuilder(title).append('\n');
        for (int r = 0; r < cells.size(); r++) {
            String[] c = cells.get(r);
            sb.append(pad(c[0], width[0])).append("  ").append(pad(c[1], width[1])).append("  ")
                    .append(pad(c[2], width[2])).append("  ").append(" ".repeat(width[3] - c[3].length())).append(c[3])
                    .append('\n');
            if (r == 0) {
                sb.append("=".repeat(line)).append('\n');
            }
        }
        sb.append("=".repeat(line)).append('\n');
        sb.append("Total params: ").append(count(total)).append('\n');
        sb.append("Trainable params: ").append(count(trainable)).append('\n');
        sb.append("Non-trainable params: ").append(count(total - trainable)).append('\n');
        if (inputShape != null) {
            sb.append("Input shape: ").append(inputShape).append('\n');
        }
        if (dtype != null) {
            sb.append("Dtype: ").append(dtype.name().toLowerCase(Locale.ROOT)).append(", backend: ").append(backend)
                    .append('\n');
        }
        return sb.toString();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}

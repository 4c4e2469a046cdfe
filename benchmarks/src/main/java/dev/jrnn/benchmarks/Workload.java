package dev.jrnn.benchmarks;

import java.util.Locale;

/**
 * The five benchmark workloads, float32, one layer, unidirectional, sequence-first, the same as
 * the peer scripts in {@code benchmarks/peers}.
 */
public enum Workload {
    /** LSTM inference, I=32 H=128 B=32 T=100. */
    W1("LSTM inference", new WorkloadShape("lstm", false, 32, 128, 32, 100)),
    /** LSTM training step, I=64 H=256 B=64 T=100. */
    W2("LSTM training", new WorkloadShape("lstm", true, 64, 256, 64, 100)),
    /** GRU training step, I=64 H=256 B=64 T=100. */
    W3("GRU training", new WorkloadShape("gru", true, 64, 256, 64, 100)),
    /** LSTM training step, I=256 H=512 B=64 T=50. */
    W4("LSTM training", new WorkloadShape("lstm", true, 256, 512, 64, 50)),
    /** LSTM inference at batch 1, I=32 H=128 B=1 T=100. */
    W5("LSTM inference B=1", new WorkloadShape("lstm", false, 32, 128, 1, 100));

    private final String title;
    private final WorkloadShape shape;

    Workload(String title, WorkloadShape shape) {
        this.title = title;
        this.shape = shape;
    }

    /** The workload's size and kind. */
    public WorkloadShape shape() {
        return shape;
    }

    /** A one-line description, for example {@code W2 LSTM training I=64 H=256 B=64 T=100}. */
    public String describe() {
        return String.format(Locale.ROOT, "%s %s I=%d H=%d B=%d T=%d", name(), title, shape.inputSize(),
                shape.hiddenSize(), shape.batch(), shape.steps());
    }
}

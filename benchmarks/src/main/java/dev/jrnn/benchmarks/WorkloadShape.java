package dev.jrnn.benchmarks;

/**
 * The size of one recurrent workload: a single-layer, unidirectional, sequence-first layer of cell
 * {@code cell} ({@code lstm} or {@code gru}) over input [T, B, I] with hidden size H, run for
 * inference or as one training step.
 *
 * @param cell     the registered cell name, {@code lstm} or {@code gru}
 * @param training true for a training step (forward, MSE on every step's output, backward, SGD step)
 */
public record WorkloadShape(String cell, boolean training, int inputSize, int hiddenSize, int batch, int steps) {

    public WorkloadShape {
        if (!cell.equals("lstm") && !cell.equals("gru")) {
            throw new IllegalArgumentException("workload cell must be lstm or gru, got '" + cell + "'");
        }
        if (inputSize <= 0 || hiddenSize <= 0 || batch <= 0 || steps <= 0) {
            throw new IllegalArgumentException("workload sizes must be positive: I=" + inputSize + " H=" + hiddenSize
                    + " B=" + batch + " T=" + steps);
        }
    }

    /** G: 4 gate blocks for LSTM, 3 for GRU. */
    public int gates() {
        return cell.equals("lstm") ? 4 : 3;
    }

    /** The gate GEMMs of one forward pass: {@code 2 G B T H (I + H)}. */
    public double forwardFlops() {
        return 2.0 * gates() * batch * steps * hiddenSize * (double) (inputSize + hiddenSize);
    }

    /** The FLOPs counted for one operation: the forward FLOPs, three times that for a training step. */
    public double flops() {
        return training ? 3 * forwardFlops() : forwardFlops();
    }
}

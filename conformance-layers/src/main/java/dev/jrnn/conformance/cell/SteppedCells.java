package dev.jrnn.conformance.cell;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.cell.Cell;
import dev.jrnn.api.cell.CellState;
import dev.jrnn.models.layer.RecurrentLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link RecurrentLayer} should compute, found without the layer: its cells stepped over one
 * sequence at a time (batch 1), each sequence only over its own valid steps, the backward direction
 * from its last valid step down to the first. Nothing is masked or padded on this path, so it is an
 * oracle for the layer's batching, packing, stacking and direction handling.
 */
final class SteppedCells {
    private SteppedCells() {
    }

    /**
     * The expected output and final states.
     *
     * @param output [T, B, D*H] row-major, zero past each sequence's length
     * @param finals one array per state tensor, each [L*D, B, H] row-major
     */
    record Expected(double[] output, List<double[]> finals) {
    }

    /**
     * Steps {@code layer}'s cells over {@code input} [T, B, I] from {@code initial} (one [L*D, B, H]
     * array per state tensor).
     *
     * @param lengths valid steps of each sequence, or null for all T
     */
    static Expected run(RecurrentLayer layer, double[] input, int steps, int batch, List<double[]> initial,
                        int[] lengths) {
        int hidden = layer.hiddenSize();
        int directions = layer.directions();
        int width = directions * hidden;
        int cellsPerStack = layer.numLayers() * directions;
        double[] output = new double[steps * batch * width];
        List<double[]> finals = new ArrayList<>();
        for (int i = 0; i < layer.stateCount(); i++) {
            finals.add(new double[cellsPerStack * batch * hidden]);
        }
        for (int b = 0; b < batch; b++) {
            int length = lengths == null ? steps : lengths[b];
            double[][] layerInput = new double[length][];
            for (int t = 0; t < length; t++) {
                layerInput[t] = row(input, (t * batch + b) * layer.inputSize(), layer.inputSize());
            }
            for (int l = 0; l < layer.numLayers(); l++) {
                double[][] next = new double[length][width];
                for (int d = 0; d < directions; d++) {
                    int index = l * directions + d;
                    Cell cell = layer.cells().get(index);
                    List<Variable> state = new ArrayList<>();
                    for (double[] part : initial) {
                        state.add(constant(layer.backend(), row(part, (index * batch + b) * hidden, hidden),
                                hidden, layer.dtype()));
                    }
                    CellState s = new CellState(state);
                    for (int k = 0; k < length; k++) {
                        int t = d == 0 ? k : length - 1 - k;
                        s = cell.step(constant(layer.backend(), layerInput[t], layerInput[t].length, layer.dtype()), s);
                        System.arraycopy(s.h().value().toDoubleArray(), 0, next[t], d * hidden, hidden);
                    }
                    for (int i = 0; i < finals.size(); i++) {
                        System.arraycopy(s.get(i).value().toDoubleArray(), 0, finals.get(i),
                                (index * batch + b) * hidden, hidden);
                    }
                }
                layerInput = next;
            }
            for (int t = 0; t < length; t++) {
                System.arraycopy(layerInput[t], 0, output, (t * batch + b) * width, width);
            }
        }
        return new Expected(output, finals);
    }

    private static double[] row(double[] data, int from, int count) {
        double[] r = new double[count];
        System.arraycopy(data, from, r, 0, count);
        return r;
    }

    private static Variable constant(Backend backend, double[] row, int columns, DType dtype) {
        return Variable.constant(backend.fromArray(row, Shape.of(1, columns), dtype));
    }
}

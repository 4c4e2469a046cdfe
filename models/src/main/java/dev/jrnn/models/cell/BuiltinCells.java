package dev.jrnn.models.cell;

import dev.jrnn.api.cell.Cell;
import dev.jrnn.api.cell.CellConfig;
import dev.jrnn.api.cell.CellProvider;
import dev.jrnn.api.fused.CellKind;

/** The {@link CellProvider}s of jrnn's own cells: {@code rnn_tanh}, {@code rnn_relu}, {@code lstm}, {@code gru}. */
public final class BuiltinCells {
    private BuiltinCells() {
    }

    /** {@code rnn_tanh}: {@link RnnCell} with tanh. */
    public static final class RnnTanh implements CellProvider {
        @Override
        public String name() {
            return "rnn_tanh";
        }

        @Override
        public Cell create(CellConfig config) {
            return new RnnCell(CellKind.RNN_TANH, config);
        }
    }

    /** {@code rnn_relu}: {@link RnnCell} with relu. */
    public static final class RnnRelu implements CellProvider {
        @Override
        public String name() {
            return "rnn_relu";
        }

        @Override
        public Cell create(CellConfig config) {
            return new RnnCell(CellKind.RNN_RELU, config);
        }
    }

    /**
     * {@code lstm}: {@link LstmCell}, or {@link ProjectedLstmCell} when the option
     * {@value ProjectedLstmCell#PROJ_SIZE} is positive.
     */
    public static final class Lstm implements CellProvider {
        @Override
        public String name() {
            return "lstm";
        }

        @Override
        public Cell create(CellConfig config) {
            int projSize = ProjectedLstmCell.projSize(config);
            return projSize == 0 ? new LstmCell(config) : new ProjectedLstmCell(config, projSize);
        }
    }

    /** {@code gru}: {@link GruCell}. */
    public static final class Gru implements CellProvider {
        @Override
        public String name() {
            return "gru";
        }

        @Override
        public Cell create(CellConfig config) {
            return new GruCell(config);
        }
    }
}

package dev.jrnn.models.cell;

import dev.jrnn.api.cell.Cell;
import dev.jrnn.api.cell.CellConfig;
import dev.jrnn.api.cell.CellOption;
import dev.jrnn.api.cell.CellOptions;
import dev.jrnn.api.cell.CellProvider;
import dev.jrnn.api.fused.CellKind;
import java.util.List;

/**
 * The {@link CellProvider}s of jrnn's own cells: {@code rnn_tanh} (alias {@code rnn}, as PyTorch's
 * {@code nn.RNN} defaults to tanh), {@code rnn_relu}, {@code lstm}, {@code gru}. The Elman cells
 * accept {@code nonlinearity} only with their own function, so that a relu asked of a tanh cell is
 * an error rather than ignored; LSTM takes {@code proj_size} (PyTorch's projections), GRU no option.
 */
public final class BuiltinCells {
    private BuiltinCells() {
    }

    /** {@code nonlinearity} restricted to the function the cell computes. */
    private static CellOptions nonlinearity(String function, String other) {
        return CellOptions.of(CellOption.matching("nonlinearity",
                function + " only (for " + other + ", use the cell rnn_" + other + ")",
                v -> v != null && v.strip().equalsIgnoreCase(function)));
    }

    private static boolean naturalNumber(String v) {
        return v != null && v.strip().matches("\\d{1,9}");
    }

    /** {@code rnn_tanh}: {@link RnnCell} with tanh. */
    public static final class RnnTanh implements CellProvider {
        @Override
        public String name() {
            return "rnn_tanh";
        }

        @Override
        public List<String> aliases() {
            return List.of("rnn");
        }

        @Override
        public CellOptions options() {
            return nonlinearity("tanh", "relu");
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
        public CellOptions options() {
            return nonlinearity("relu", "tanh");
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
        public CellOptions options() {
            return CellOptions.of(CellOption.matching(ProjectedLstmCell.PROJ_SIZE,
                    "a whole number from 0 (no projection) to hidden_size - 1", BuiltinCells::naturalNumber));
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
        public CellOptions options() {
            return CellOptions.none();
        }

        @Override
        public Cell create(CellConfig config) {
            return new GruCell(config);
        }
    }
}

package dev.jrnn.api.cell;

/**
 * Service-provider interface through which {@link Cells} finds a cell by name. Register an
 * implementation in {@code META-INF/services/dev.jrnn.api.cell.CellProvider}; jrnn's own cells are
 * {@code rnn_tanh}, {@code rnn_relu}, {@code lstm} and {@code gru}.
 */
public interface CellProvider {

    /** The name users select the cell by, lower case, for example {@code lstm}. */
    String name();

    /** A new cell with freshly initialised parameters. */
    Cell create(CellConfig config);
}

package dev.jrnn.api.cell;

import java.util.List;

/**
 * Service-provider interface through which {@link Cells} finds a cell by name. Register an
 * implementation in {@code META-INF/services/dev.jrnn.api.cell.CellProvider}; jrnn's own cells are
 * {@code rnn_tanh} (alias {@code rnn}), {@code rnn_relu}, {@code lstm} and {@code gru}.
 *
 * <p>Only {@link #name()} and {@link #create} are required; {@link #aliases()} and
 * {@link #options()} have defaults, so providers written before them keep working unchanged.
 */
public interface CellProvider {

    /** The name users select the cell by, lower case, for example {@code lstm}. */
    String name();

    /** A new cell with freshly initialised parameters. */
    Cell create(CellConfig config);

    /**
     * Other names the cell is found by, for example {@code rnn} for {@code rnn_tanh}; none by
     * default. A provider's own {@link #name()} always wins over another provider's alias.
     */
    default List<String> aliases() {
        return List.of();
    }

    /**
     * The options the cell accepts, checked before {@link #create} is called. By default
     * {@link CellOptions#undeclared()}: every option reaches {@code create} unchecked.
     */
    default CellOptions options() {
        return CellOptions.undeclared();
    }
}

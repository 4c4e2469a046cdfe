package dev.jrnn.cli;

import dev.jrnn.api.cell.Cell;
import dev.jrnn.api.cell.CellConfig;
import dev.jrnn.api.cell.CellProvider;
import dev.jrnn.models.cell.RnnCell;

/** A test cell, {@code rnn_configurable}: the Elman cell whose nonlinearity is the option {@code nonlinearity}. */
public final class ConfigurableRnnProvider implements CellProvider {
    @Override
    public String name() {
        return "rnn_configurable";
    }

    @Override
    public Cell create(CellConfig config) {
        return new RnnCell(config);
    }
}

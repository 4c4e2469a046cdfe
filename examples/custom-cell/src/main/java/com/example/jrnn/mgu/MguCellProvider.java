package com.example.jrnn.mgu;

import dev.jrnn.api.cell.Cell;
import dev.jrnn.api.cell.CellConfig;
import dev.jrnn.api.cell.CellProvider;

/**
 * Registers {@link MguCell} under the name {@code mgu} in
 * {@code META-INF/services/dev.jrnn.api.cell.CellProvider}, so that layers built by name
 * ({@code RecurrentLayer.builder("mgu")}) and {@code jrnn forecast --model mgu} find it whenever
 * this jar is on the class path.
 */
public final class MguCellProvider implements CellProvider {
    /** The name users select the cell by. */
    public static final String NAME = "mgu";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Cell create(CellConfig config) {
        return new MguCell(config);
    }
}

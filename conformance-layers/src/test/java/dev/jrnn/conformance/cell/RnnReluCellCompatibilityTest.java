package dev.jrnn.conformance.cell;

import dev.jrnn.api.cell.CellProvider;
import dev.jrnn.models.cell.BuiltinCells;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the built-in rnn_relu cell passes the cell kit")
class RnnReluCellCompatibilityTest extends CellCompatibilityKit {
    @Override
    protected CellProvider provider() {
        return new BuiltinCells.RnnRelu();
    }
}

package com.example.jrnn.mgu;

import dev.jrnn.api.cell.CellProvider;
import dev.jrnn.conformance.cell.CellCompatibilityKit;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the minimal gated unit passes jrnn's cell compatibility kit")
class MguCellCompatibilityTest extends CellCompatibilityKit {
    @Override
    protected CellProvider provider() {
        return new MguCellProvider();
    }
}

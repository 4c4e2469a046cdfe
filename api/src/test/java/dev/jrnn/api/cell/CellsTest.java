package dev.jrnn.api.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the cell SPI")
class CellsTest {
    private final Backend be = new ReferenceBackend();

    @Test
    @DisplayName("names the registration file when no cell has the name asked for")
    void unknownCell() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Cells.create("no-such-cell", CellConfig.of(be, DType.FLOAT64, 2, 3, 1L)));
        assertTrue(e.getMessage().contains("no-such-cell")
                && e.getMessage().contains("META-INF/services/dev.jrnn.api.cell.CellProvider"), e.getMessage());
    }

    @Test
    @DisplayName("rejects a config with a non-positive size")
    void configChecksSizes() {
        assertThrows(IllegalArgumentException.class,
                () -> new CellConfig(be, DType.FLOAT32, 0, 3, true, "", 1L, Map.of()));
    }

    @Test
    @DisplayName("detaches every part of a state")
    void detachState() {
        Variable h = Ops.tanh(Variable.input(be.zeros(Shape.of(2, 3), DType.FLOAT64), "h"));
        Variable c = Ops.exp(Variable.input(be.zeros(Shape.of(2, 3), DType.FLOAT64), "c"));
        CellState detached = CellState.of(h, c).detach();
        assertEquals(2, detached.size());
        assertFalse(detached.h().requiresGrad());
        assertFalse(detached.get(1).requiresGrad());
        assertTrue(detached.h().value() == h.value());
    }
}

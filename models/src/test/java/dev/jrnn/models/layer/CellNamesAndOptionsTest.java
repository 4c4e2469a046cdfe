package dev.jrnn.models.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.cell.Cell;
import dev.jrnn.api.cell.CellConfig;
import dev.jrnn.api.cell.Cells;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.cell.FusedCell;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("cell names and options")
class CellNamesAndOptionsTest {
    private final Backend be = new ReferenceBackend();

    private RecurrentLayerBuilder builder(String cell) {
        return RecurrentLayer.builder(cell).backend(be).dtype(DType.FLOAT64).inputSize(2).hiddenSize(3).seed(1);
    }

    private static void assertMessage(IllegalArgumentException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
        }
    }

    @Test
    @DisplayName("resolve through one table: rnn is rnn_tanh for the builder, Cells and the name lookup alike")
    void aliasTable() {
        assertEquals("rnn_tanh", Cells.names().get("rnn"));
        assertEquals("rnn_tanh", Cells.canonicalName("RNN").orElseThrow());
        assertEquals("rnn_tanh", builder("rnn").build().cellName());
        assertEquals("rnn_tanh", builder("Rnn").build().cellName());
        Cell cell = Cells.create("rnn", CellConfig.of(be, DType.FLOAT64, 2, 3, 1));
        assertEquals(CellKind.RNN_TANH, ((FusedCell) cell).kind());
        for (String own : new String[] {"rnn_tanh", "rnn_relu", "lstm", "gru"}) {
            assertEquals(own, Cells.names().get(own));
        }
    }

    @Test
    @DisplayName("an alias builds the same layer as the name it stands for")
    void aliasBuildsSameLayer() {
        RecurrentLayer alias = builder("rnn").build();
        RecurrentLayer named = builder("rnn_tanh").build();
        assertEquals(named.namedParameters().keySet(), alias.namedParameters().keySet());
        assertEquals(0.0, LayerFixtures.maxDiff(named.parameter("weight_hh_l0").value(),
                alias.parameter("weight_hh_l0").value()));
    }

    @Test
    @DisplayName("an unknown name lists every name of the table, aliases included")
    void unknownName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder("transformer"));
        assertMessage(e, "'transformer'", "rnn", "rnn_tanh", "lstm", "gru");
    }

    @Test
    @DisplayName("a nonlinearity the Elman cell does not compute is an error naming option, value and what it takes")
    void nonlinearityValidated() {
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> builder("rnn_tanh").option("nonlinearity", "relu")),
                "'rnn_tanh'", "nonlinearity=relu", "tanh only", "rnn_relu");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> builder("rnn").option("nonlinearity", "sigmoid")),
                "'rnn_tanh'", "nonlinearity=sigmoid", "tanh only");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> builder("rnn_relu").option("nonlinearity", "tanh")),
                "'rnn_relu'", "nonlinearity=tanh", "relu only", "rnn_tanh");
        assertEquals("rnn_relu", builder("rnn_relu").option("nonlinearity", "ReLU").build().cellName());
        assertEquals("rnn_tanh", builder("rnn").option("nonlinearity", "tanh").build().cellName());
    }

    @Test
    @DisplayName("an option the cell does not take is an error listing what it takes")
    void unknownOption() {
        assertMessage(assertThrows(IllegalArgumentException.class, () -> builder("lstm").option("nonlinearity", "relu")),
                "'lstm'", "unknown option nonlinearity=relu", "lstm takes [proj_size");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> builder("rnn_tanh").option("alpha", "0.5")),
                "unknown option alpha=0.5", "nonlinearity (tanh only");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Cells.create("gru",
                        new CellConfig(be, DType.FLOAT64, 2, 3, true, "", 1, Map.of("dropout", "0.1")))),
                "'gru'", "unknown option dropout=0.1");
    }

    @Test
    @DisplayName("a cell that declares no options still receives them unchecked (providers written before options)")
    void undeclaredOptionsPassThrough() {
        RecurrentLayer layer = RecurrentLayer.builder(new MinimalGatedCell.Provider()).backend(be)
                .dtype(DType.FLOAT64).inputSize(2).hiddenSize(3).option("anything", "goes").build();
        assertEquals("mgu_test", layer.cellName());
    }
}

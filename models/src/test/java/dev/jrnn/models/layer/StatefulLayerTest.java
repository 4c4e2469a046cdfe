package dev.jrnn.models.layer;

import static dev.jrnn.models.layer.LayerFixtures.input;
import static dev.jrnn.models.layer.LayerFixtures.maxDiff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a stateful layer")
class StatefulLayerTest {
    private final Backend be = new ReferenceBackend();

    private RecurrentLayer lstm() {
        return RecurrentLayer.builder("lstm").backend(be).dtype(DType.FLOAT64).inputSize(3).hiddenSize(4)
                .numLayers(2).seed(3).build();
    }

    @Test
    @DisplayName("streams chunks to the same results as the whole sequence at once")
    void streamingMatchesWhole() {
        try (TensorScope scope = TensorScope.open()) {
            RecurrentLayer layer = lstm();
            Variable x = input(be, "x", 1, 7, 2, 3);
            LayerOutput whole = layer.forward(x);
            StatefulLayer stream = new StatefulLayer(layer);
            stream.forward(Ops.slice(x, 0, 0, 4));
            LayerOutput last;
            try (TensorScope chunk = TensorScope.open()) {
                last = stream.forward(Ops.slice(x, 0, 4, 7));
                stream.keepStateIn(chunk);
                chunk.keep(last.output().value());
            }
            assertFalse(stream.state().get(0).value().isClosed(), "the carried state survives its chunk's scope");
            assertTrue(maxDiff(Ops.slice(whole.output(), 0, 4, 7).value(), last.output().value()) < 1e-14);
            assertTrue(maxDiff(whole.hn().value(), stream.state().get(0).value()) < 1e-14);
            assertTrue(maxDiff(whole.cn().value(), stream.state().get(1).value()) < 1e-14);
        }
    }

    @Test
    @DisplayName("truncates back-propagation at the chunk boundary")
    void truncatedBptt() {
        try (TensorScope scope = TensorScope.open()) {
            StatefulLayer stream = new StatefulLayer(lstm());
            Variable first = input(be, "first", 2, 3, 2, 3);
            Variable second = input(be, "second", 3, 3, 2, 3);
            stream.forward(first);
            assertFalse(stream.state().get(0).requiresGrad());
            Autograd.backward(Ops.sum(stream.forward(second).output()));
            assertNull(first.grad(), "no gradient crosses into the previous chunk");
            assertNotNull(second.grad());
        }
    }

    @Test
    @DisplayName("starts from zeros after reset and rejects a chunk of another batch size")
    void resetAndBatchCheck() {
        try (TensorScope scope = TensorScope.open()) {
            RecurrentLayer layer = lstm();
            StatefulLayer stream = new StatefulLayer(layer);
            Variable x = input(be, "x", 4, 3, 2, 3);
            stream.forward(x);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> stream.forward(input(be, "y", 5, 3, 5, 3)));
            assertTrue(e.getMessage().contains("reset()"), e.getMessage());
            stream.reset();
            assertNull(stream.state());
            assertEquals(0.0, maxDiff(stream.forward(x).output().value(), layer.forward(x).output().value()));
        }
    }

    @Test
    @DisplayName("refuses a bidirectional layer, saying why")
    void refusesBidirectional() {
        RecurrentLayer bi = RecurrentLayer.builder("gru").backend(be).dtype(DType.FLOAT64).inputSize(2).hiddenSize(3)
                .bidirectional(true).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StatefulLayer(bi));
        assertTrue(e.getMessage().contains("gru layer is bidirectional") && e.getMessage().contains("bidirectional(false)"),
                e.getMessage());
    }
}

package dev.jrnn.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.loss.Loss;
import dev.jrnn.models.optim.Optimizer;
import dev.jrnn.models.optim.Sgd;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("truncated back-propagation through time in the trainer")
class TruncatedBpttTest {
    private final Backend be = new ReferenceBackend();
    private final Dataset waves = StreamingRegressor.waves(4, 20);

    private TrainerBuilder sgd() {
        return Trainer.builder().optimizer(ps -> new Sgd(ps, 0.1)).batchSize(2).shuffle(false).epochs(2);
    }

    @Test
    @DisplayName("steps chunk by chunk from the carried state, reset per batch, as the hand-written loop does")
    void matchesTheHandWrittenLoop() {
        StreamingRegressor trained = new StreamingRegressor(be, 9);
        List<TrainingListener.StepEvent> steps = new ArrayList<>();
        sgd().truncatedBptt(6).listener(new TrainingListener() {
            @Override
            public void onStep(StepEvent e) {
                steps.add(e);
            }
        }).build().fit(trained, waves, null);
        assertEquals(16, steps.size(), "2 epochs of 2 batches of 4 chunks (6, 6, 6, 2)");
        assertEquals(8, steps.get(0).stepsPerEpoch());

        StreamingRegressor byHand = new StreamingRegressor(be, 9);
        try (Optimizer sgd = new Sgd(byHand.parameters(), 0.1)) {
            for (int epoch = 0; epoch < 2; epoch++) {
                for (int[] batch : new int[][] {{0, 1}, {2, 3}}) {
                    byHand.resetState();
                    Tensor x = waves.inputs(batch, be, DType.FLOAT64);
                    Tensor y = waves.targets(batch, be, DType.FLOAT64);
                    for (int from = 0; from < 20; from += 6) {
                        int to = Math.min(20, from + 6);
                        try (TensorScope scope = TensorScope.open()) {
                            Variable loss = Loss.mse().apply(byHand.forward(Variable.constant(be.slice(x, 1, from, to))),
                                    Variable.constant(be.slice(y, 1, from, to)));
                            sgd.zeroGrad();
                            Autograd.backward(loss);
                            sgd.step();
                            sgd.keepIn(scope);
                            byHand.keepStateIn(scope);
                        }
                    }
                }
            }
        }
        for (int i = 0; i < trained.values().size(); i++) {
            assertArrayEquals(byHand.values().get(i), trained.values().get(i), 0.0, "parameter " + i);
        }
    }

    @Test
    @DisplayName("a chunk as long as the sequences is ordinary training on whole sequences; shorter chunks train differently")
    void wholeChunkIsFullBptt() {
        StreamingRegressor whole = new StreamingRegressor(be, 4);
        StreamingRegressor oneChunk = new StreamingRegressor(be, 4);
        StreamingRegressor truncated = new StreamingRegressor(be, 4);
        sgd().build().fit(whole, waves, null);
        sgd().truncatedBptt(20).build().fit(oneChunk, waves, null);
        sgd().truncatedBptt(5).build().fit(truncated, waves, null);
        for (int i = 0; i < whole.values().size(); i++) {
            assertArrayEquals(whole.values().get(i), oneChunk.values().get(i), 0.0);
        }
        assertFalse(Arrays.equals(whole.values().get(0), truncated.values().get(0)));
    }

    @Test
    @DisplayName("evaluation chunk by chunk with the state carried equals evaluation of whole sequences")
    void chunkedEvaluation() {
        StreamingRegressor model = new StreamingRegressor(be, 2);
        double chunked = sgd().truncatedBptt(6).build().evaluate(model, waves, be, DType.FLOAT64);
        double whole = sgd().build().evaluate(model, waves, be, DType.FLOAT64);
        assertEquals(whole, chunked, 1e-14);
    }

    @Test
    @DisplayName("live tensors stay flat across epochs: each chunk's graph and the replaced states are freed")
    void memoryStaysFlat() {
        StreamingRegressor model = new StreamingRegressor(be, 1);
        List<Long> live = new ArrayList<>();
        sgd().epochs(5).truncatedBptt(3).listener(new TrainingListener() {
            @Override
            public void onEpoch(EpochEvent e) {
                live.add(be.memory().unclosedTensors());
            }
        }).build().fit(model, waves, waves);
        assertEquals(live.get(1), live.get(4), "live tensors per epoch " + live);
    }

    @Test
    @DisplayName("a model without carried state is refused for truncated BPTT")
    void needsAStatefulModel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sgd().truncatedBptt(3).build().fit(new ScalarModel(be, 0), ScalarModel.line(4, 1), null));
        assertTrue(e.getMessage().contains("StatefulModel"), e.getMessage());
    }
}

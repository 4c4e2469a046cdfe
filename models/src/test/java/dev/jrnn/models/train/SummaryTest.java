package dev.jrnn.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jrnn.api.DType;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.layer.SeededRandom;
import dev.jrnn.models.loss.Loss;
import dev.jrnn.models.optim.Adam;
import dev.jrnn.models.optim.LearningRateSchedule;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("summary() and the readable toStrings")
class SummaryTest {
    private final Backend be = new ReferenceBackend();

    @Test
    @DisplayName("a recurrent layer prints as PyTorch prints the module")
    void layerToString() {
        assertEquals("LSTM(10, 20, num_layers=2, batch_first=True)", RecurrentLayer.builder("lstm").backend(be)
                .inputSize(10).hiddenSize(20).numLayers(2).batchFirst(true).build().toString());
        assertEquals("GRU(3, 4, bias=False, dropout=0.25, bidirectional=True)", RecurrentLayer.builder("gru")
                .backend(be).inputSize(3).hiddenSize(4).bias(false).dropout(0.25).bidirectional(true).build()
                .toString());
        assertEquals("LSTM(3, 8, bidirectional=True, proj_size=5)", RecurrentLayer.builder("lstm").backend(be)
                .inputSize(3).hiddenSize(8).bidirectional(true).projSize(5).build().toString());
        assertEquals("RNN(3, 4, nonlinearity='relu')", RecurrentLayer.builder("rnn_relu").backend(be).inputSize(3)
                .hiddenSize(4).build().toString());
    }

    @Test
    @DisplayName("a sequence regressor's summary lists layer and head with shapes and counts, totals, dtype and backend")
    void regressorSummary() {
        RecurrentLayer lstm = RecurrentLayer.builder("lstm").backend(be).dtype(DType.FLOAT32).inputSize(1)
                .hiddenSize(32).batchFirst(true).build();
        SequenceRegressor model = new SequenceRegressor(lstm, 1, 7);
        assertEquals("""
                SequenceRegressor
                Layer  Type                            Output shape  Params
                ===========================================================
                layer  LSTM(1, 32, batch_first=True)   [B, T, 32]     4,480
                head   Linear(32, 1) on the last step  [B, 1]            33
                ===========================================================
                Total params: 4,513
                Trainable params: 4,513
                Non-trainable params: 0
                Input shape: [B, T, 1]
                Dtype: float32, backend: reference
                """, model.summary());
        assertEquals(4513, model.parameterCount());
        assertEquals("SequenceRegressor(\n  (layer): LSTM(1, 32, batch_first=True)\n"
                + "  (head): Linear(in_features=32, out_features=1, bias=True)\n)", model.toString());
    }

    @Test
    @DisplayName("a model without layers of its own is summarised parameter by parameter")
    void parameterSummary() {
        String s = new ScalarModel(be, 0).summary();
        assertEquals(true, s.startsWith("ScalarModel\nLayer  Type"), s);
        assertEquals(true, s.contains("Total params: "), s);
    }

    @Test
    @DisplayName("a trainer prints its settings")
    void trainerToString() {
        Trainer t = Trainer.builder().epochs(30).batchSize(16).seed(7).loss(Loss.mse())
                .optimizer(ps -> new Adam(ps, 0.01)).schedule(LearningRateSchedule.stepDecay(0.01, 10, 0.5))
                .clipNorm(5).earlyStopping(5, 0, true).checkpoints(Checkpointing.to(Path.of("ckpt")).everySteps(100))
                .build();
        assertEquals("Trainer(epochs=30, batch_size=16, shuffle=true, seed=7, loss=MseLoss[reduction=MEAN],"
                + " schedule=StepDecay(lr=0.01, step_size=10, gamma=0.5), clip_norm=5.0, early_stopping=(patience=5,"
                + " min_delta=0.0, restore_best=true), Checkpointing(ckpt, every_steps=100, every_epoch=true,"
                + " keep_last=2))", t.toString());
    }

    @Test
    @DisplayName("the dropout generator draws SplittableRandom's sequence and continues exactly from a saved state")
    void seededRandom() {
        SeededRandom mine = new SeededRandom(42);
        SplittableRandom jdk = new SplittableRandom(42);
        for (int i = 0; i < 1000; i++) {
            assertEquals(jdk.nextDouble(), mine.nextDouble(), "draw " + i);
        }
        SeededRandom copy = new SeededRandom(0);
        copy.restore(mine.state());
        for (int i = 0; i < 100; i++) {
            assertEquals(mine.nextDouble(), copy.nextDouble(), "draw " + i + " after the restore");
        }
    }
}

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
    @DisplayName("classifier, tagger (over a projected LSTM) and seq2seq summaries: layers, shapes, counts; toStrings as PyTorch's modules")
    void classificationSummaries() {
        SequenceClassifier classifier = new SequenceClassifier(RecurrentLayer.builder("lstm").backend(be)
                .dtype(DType.FLOAT32).inputSize(5).hiddenSize(16).bidirectional(true).batchFirst(true).build(), 4, 1);
        assertEquals("""
                SequenceClassifier
                Layer  Type                                               Output shape  Params
                ==============================================================================
                layer  LSTM(5, 16, batch_first=True, bidirectional=True)  [B, T, 32]     2,944
                head   Linear(32, 4) on the final state                   [B, 4]           132
                ==============================================================================
                Total params: 3,076
                Trainable params: 3,076
                Non-trainable params: 0
                Input shape: [B, T, 5]
                Dtype: float32, backend: reference
                """, classifier.summary());
        assertEquals("SequenceClassifier(\n  (layer): LSTM(5, 16, batch_first=True, bidirectional=True)\n"
                + "  (head): Linear(in_features=32, out_features=4, bias=True)\n)", classifier.toString());
        SequenceTagger tagger = new SequenceTagger(RecurrentLayer.builder("lstm").backend(be).inputSize(3)
                .hiddenSize(8).projSize(4).batchFirst(true).build(), 5, 1);
        assertEquals("""
                SequenceTagger
                Layer  Type                                       Output shape  Params
                ======================================================================
                layer  LSTM(3, 8, batch_first=True, proj_size=4)  [B, T, 4]        320
                head   Linear(4, 5) on every step                 [B, T, 5]         25
                ======================================================================
                Total params: 345
                Trainable params: 345
                Non-trainable params: 0
                Input shape: [B, T, 3]
                Dtype: float32, backend: reference
                """, tagger.summary());
        assertEquals("SequenceTagger(\n  (layer): LSTM(3, 8, batch_first=True, proj_size=4)\n"
                + "  (head): Linear(in_features=4, out_features=5, bias=True)\n)", tagger.toString());
        Seq2Seq seq2seq = new Seq2Seq(RecurrentLayer.builder("gru").backend(be).inputSize(4).hiddenSize(8)
                .batchFirst(true).build(), RecurrentLayer.builder("gru").backend(be).inputSize(4).hiddenSize(8).build(),
                new Seq2Seq.Tokens(6, 7, 3, 5, 6), 1);
        assertEquals("""
                Seq2Seq (teacher forcing 1.0)
                Layer              Type                         Output shape  Params
                ====================================================================
                encoder.embedding  Embedding(6, 4)              [B, S, 4]         24
                encoder.gru        GRU(4, 8, batch_first=True)  [B, S, 8]        336
                decoder.embedding  Embedding(7, 4)              [B, T, 4]         28
                decoder.gru        GRU(4, 8)                    [B, T, 8]        336
                head               Linear(8, 7) on every step   [B, T, 7]         63
                ====================================================================
                Total params: 787
                Trainable params: 787
                Non-trainable params: 0
                Input shape: [B, S + T], S = 3
                Dtype: float32, backend: reference
                """, seq2seq.summary());
        assertEquals(787, seq2seq.parameterCount());
        assertEquals("""
                Seq2Seq(
                  (encoder): Encoder(
                    (embedding): Embedding(6, 4)
                    (gru): GRU(4, 8, batch_first=True)
                  )
                  (decoder): Decoder(
                    (embedding): Embedding(7, 4)
                    (gru): GRU(4, 8)
                  )
                  (head): Linear(in_features=8, out_features=7, bias=True)
                )""", seq2seq.toString());
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

package dev.jrnn.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.loss.Loss;
import dev.jrnn.models.optim.Adam;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Seq2Seq: teacher forcing, scheduled sampling, greedy decoding, learning to reverse")
class Seq2SeqTest {
    private static final int DIGITS = 5;
    private static final int START = DIGITS;
    private static final int END = DIGITS + 1;
    private static final int S = 4;
    private final Backend be = new ReferenceBackend();

    private Seq2Seq model(String cell, int hidden, DType dtype, long seed) {
        RecurrentLayer encoder = RecurrentLayer.builder(cell).backend(be).dtype(dtype).inputSize(8).hiddenSize(hidden)
                .batchFirst(true).seed(seed).build();
        RecurrentLayer decoder = RecurrentLayer.builder(cell).backend(be).dtype(dtype).inputSize(8).hiddenSize(hidden)
                .seed(seed + 1).build();
        return new Seq2Seq(encoder, decoder, new Seq2Seq.Tokens(DIGITS, DIGITS + 2, S, START, END), seed + 2);
    }

    /** Sources of S digits, targets the same digits reversed. */
    private static int[][][] reversals(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][] sources = new int[n][S];
        int[][] targets = new int[n][S];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < S; t++) {
                sources[i][t] = r.nextInt(DIGITS);
                targets[i][S - 1 - t] = sources[i][t];
            }
        }
        return new int[][][] {sources, targets};
    }

    @Test
    @DisplayName("a GRU encoder-decoder learns to reverse 4 digits: greedy decoding gets over 80% of held-out sequences exactly")
    void learnsToReverse() {
        Seq2Seq model = model("gru", 32, DType.FLOAT32, 21);
        int[][][] train = reversals(1000, 1);
        Trainer.builder().epochs(16).batchSize(32).seed(5).loss(Loss.crossEntropy())
                .optimizer(ps -> new Adam(ps, 0.01)).build()
                .fit(model, model.dataset(train[0], train[1], S + 1), null);
        int[][][] test = reversals(200, 2);
        int[][] decoded = model.decode(test[0], null, S + 3);
        int exact = 0;
        for (int i = 0; i < decoded.length; i++) {
            exact += java.util.Arrays.equals(decoded[i], test[1][i]) ? 1 : 0;
        }
        assertTrue(exact > 160, exact + " of 200 reversed exactly");
    }

    @Test
    @DisplayName("teacher forcing in one call equals the step-by-step decoder fed the true tokens (ratio 1 vs evaluation)")
    void forcedEqualsSteppedWithTrueTokens() {
        try (TensorScope scope = TensorScope.open()) {
            Seq2Seq model = model("lstm", 6, DType.FLOAT64, 3);
            int[][][] data = reversals(3, 4);
            Dataset samples = model.dataset(data[0], data[1], S + 2);
            Variable x = Variable.constant(samples.inputs(new int[] {0, 1, 2}, be, DType.FLOAT64));
            model.train(false);
            Variable forced = model.forward(x);
            assertEquals(Shape.of(3, S + 2, DIGITS + 2), forced.shape());
            model.train(true);
            model.teacherForcing(0.999999999);  // the step-by-step path; every draw below it takes the true token
            Variable stepped = model.forward(x);
            assertArrayEquals(forced.value().toDoubleArray(), stepped.value().toDoubleArray(), 1e-13);
            model.teacherForcing(0.0);   // fed its own predictions: the first step is the same, later ones differ
            Variable free = model.forward(x);
            assertArrayEquals(Ops.slice(forced, 1, 0, 1).value().toDoubleArray(),
                    Ops.slice(free, 1, 0, 1).value().toDoubleArray(), 1e-13);
            assertNotEquals(forced.value().toDoubleArray()[forced.shape().size() - 1],
                    free.value().toDoubleArray()[free.shape().size() - 1]);
        }
    }

    @Test
    @DisplayName("greedy decoding's first token is the argmax of the first step's logits, and stops at the end token")
    void decodeFollowsArgmax() {
        try (TensorScope scope = TensorScope.open()) {
            Seq2Seq model = model("gru", 6, DType.FLOAT64, 8);
            int[][][] data = reversals(4, 5);
            model.train(false);
            Variable x = Variable.constant(model.dataset(data[0], data[1], S + 1).inputs(new int[] {0, 1, 2, 3}, be,
                    DType.FLOAT64));
            int[] first = Sequences.argmax(Ops.slice(model.forward(x), 1, 0, 1).value());
            int[][] decoded = model.decode(data[0], null, 3);
            for (int b = 0; b < 4; b++) {
                assertTrue(decoded[b].length <= 3);
                if (first[b] == END) {
                    assertEquals(0, decoded[b].length);
                } else {
                    assertEquals(first[b], decoded[b][0]);
                }
            }
            assertEquals(2 * 2, model.namedParameters().keySet().stream().filter(k -> k.startsWith("encoder.gru.w")
                    || k.startsWith("decoder.gru.w")).count());
        }
    }

    @Test
    @DisplayName("mismatched encoder and decoder, bad ratios and out-of-vocabulary tokens are refused with the reason")
    void errors() {
        RecurrentLayer gru = RecurrentLayer.builder("gru").backend(be).inputSize(8).hiddenSize(6).build();
        RecurrentLayer lstm = RecurrentLayer.builder("lstm").backend(be).inputSize(8).hiddenSize(6).build();
        Seq2Seq.Tokens tokens = new Seq2Seq.Tokens(DIGITS, DIGITS + 2, S, START, END);
        IllegalArgumentException state = assertThrows(IllegalArgumentException.class,
                () -> new Seq2Seq(gru, lstm, tokens, 1));
        assertTrue(state.getMessage().contains("state shape"), state.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Seq2Seq.Tokens(5, 7, 4, 7, 6));
        Seq2Seq model = model("gru", 6, DType.FLOAT64, 1);
        assertThrows(IllegalArgumentException.class, () -> model.teacherForcing(1.5));
        IllegalArgumentException token = assertThrows(IllegalArgumentException.class,
                () -> model.decode(new int[][] {{0, 1, 9, 2}}, null, 4));
        assertTrue(token.getMessage().contains("9") && token.getMessage().contains("[0, 5)"), token.getMessage());
        IllegalArgumentException reused = assertThrows(IllegalArgumentException.class,
                () -> new Seq2Seq(model.encoder(), model.decoder(), model.tokens(), 2));
        assertTrue(reused.getMessage().contains("encoder.gru.weight_ih_l0") && reused.getMessage().contains("one model"),
                reused.getMessage());
        RecurrentLayer one = RecurrentLayer.builder("gru").backend(be).inputSize(8).hiddenSize(6).build();
        assertThrows(IllegalArgumentException.class, () -> new Seq2Seq(one, one, tokens, 1));
    }
}

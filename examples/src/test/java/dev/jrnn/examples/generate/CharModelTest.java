package dev.jrnn.examples.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.loss.Loss;
import dev.jrnn.models.train.Dataset;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the character model's parts")
class CharModelTest {
    private final Backend be = new ReferenceBackend();

    @Test
    @DisplayName("the training loss is -log softmax of the target, its gradient (softmax - onehot) / N, at logits near 1000 too")
    void crossEntropyMatchesItsFormula() {
        double[] z = {1.0, 2.0, 3.0, 1000.0, 1000.5, 999.0};
        int[] targets = {2, 0};
        Variable logits = Variable.input(be.fromArray(z, Shape.of(2, 3), DType.FLOAT64), "z");
        Variable loss = Loss.crossEntropy().apply(logits,
                Variable.constant(be.fromArray(new double[] {2, 0}, Shape.of(2), DType.FLOAT64)));
        double[] expectedGrad = new double[6];
        double expectedLoss = 0;
        for (int n = 0; n < 2; n++) {
            double max = Math.max(z[3 * n], Math.max(z[3 * n + 1], z[3 * n + 2]));
            double sum = 0;
            for (int v = 0; v < 3; v++) {
                sum += Math.exp(z[3 * n + v] - max);
            }
            expectedLoss -= (z[3 * n + targets[n]] - max - Math.log(sum)) / 2;
            for (int v = 0; v < 3; v++) {
                expectedGrad[3 * n + v] = (Math.exp(z[3 * n + v] - max) / sum - (v == targets[n] ? 1 : 0)) / 2;
            }
        }
        assertEquals(expectedLoss, loss.value().item(), 1e-12);
        Autograd.backward(loss);
        assertArrayEquals(expectedGrad, logits.grad().toDoubleArray(), 1e-12);
    }

    @Test
    @DisplayName("streams hand out each target one character after its input, row t*B + b")
    void streamsShiftTargetsByOne() {
        int[] ids = new int[41];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        Streams s = new Streams(ids, 2, 5);
        assertEquals(4, s.chunks());
        int[][] x = s.inputs(1);
        int[] y = s.targets(1);
        assertEquals(5, x[0][0]);
        assertEquals(25, x[0][1]);
        assertEquals(x[3][1] + 1, y[3 * 2 + 1]);
    }

    @Test
    @DisplayName("a saved model loads with its vocabulary and gives the same logits")
    void saveLoadRoundTrip(@TempDir Path dir) throws IOException {
        Vocabulary vocabulary = Vocabulary.of("hello, world\n");
        CharModel model = new CharModel(be, DType.FLOAT64, vocabulary, 6, 2, 3);
        Path file = dir.resolve("m.safetensors");
        model.save(file);
        CharModel loaded = CharModel.load(file, be, DType.FLOAT64);
        assertEquals(vocabulary.characters(), loaded.vocabulary().characters());
        int[][] ids = {{1, 2}, {3, 0}};
        assertArrayEquals(model.forward(ids, null).logits().value().toDoubleArray(),
                loaded.forward(ids, null).logits().value().toDoubleArray(), 0.0);
    }

    @Test
    @DisplayName("sampling at a temperature near zero picks the most likely character")
    void coldSamplingIsArgmax() {
        CharModel model = new CharModel(be, DType.FLOAT64, Vocabulary.of("abc"), 4, 1, 1);
        Sampler sampler = new Sampler(model, 1e-6, 5);
        assertEquals(1, sampler.draw(new double[] {0.1, 0.3, 0.2}));
        assertThrows(IllegalArgumentException.class, () -> new Sampler(model, 0.0, 5));
    }
    @Test
    @DisplayName("the streams' dataset holds every stream's whole chunks in order, targets one character later")
    void streamsAsDataset() {
        int[] ids = new int[41];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        Streams s = new Streams(ids, 2, 5);
        Dataset d = s.dataset();
        assertEquals(2, d.size());
        assertEquals(Shape.of(20), d.inputShape());
        double[] x = d.inputs(new int[] {0, 1}, be, DType.FLOAT64).toDoubleArray();
        double[] y = d.targets(new int[] {0, 1}, be, DType.FLOAT64).toDoubleArray();
        for (int k = 0; k < s.chunks(); k++) {
            int[][] chunk = s.inputs(k);
            int[] targets = s.targets(k);
            for (int t = 0; t < 5; t++) {
                for (int b = 0; b < 2; b++) {
                    assertEquals(chunk[t][b], x[b * 20 + k * 5 + t]);
                    assertEquals(targets[t * 2 + b], y[b * 20 + k * 5 + t]);
                }
            }
        }
    }

    @Test
    @DisplayName("training's forward gives the chunk forward's logits batch first and carries the state to the next chunk")
    void statefulForward() {
        CharModel model = new CharModel(be, DType.FLOAT64, Vocabulary.of("abcd"), 5, 2, 4);
        int[][] first = {{0, 1}, {2, 3}, {1, 1}};
        int[][] second = {{3, 0}, {2, 2}};
        try (TensorScope scope = TensorScope.open()) {
            CharModel.Output a = model.forward(first, null);
            CharModel.Output b = model.forward(second, a.state());
            double[] expected = b.logits().value().toDoubleArray();
            model.resetState();
            model.forward(Variable.constant(be.fromArray(new double[] {0, 2, 1, 1, 3, 1}, Shape.of(2, 3), DType.FLOAT64)));
            Variable logits = model.forward(Variable.constant(be.fromArray(new double[] {3, 2, 0, 2}, Shape.of(2, 2),
                    DType.FLOAT64)));
            assertEquals(Shape.of(2, 2, 4), logits.shape());
            double[] got = logits.value().toDoubleArray();
            for (int t = 0; t < 2; t++) {
                for (int r = 0; r < 2; r++) {
                    for (int v = 0; v < 4; v++) {
                        assertEquals(expected[(t * 2 + r) * 4 + v], got[(r * 2 + t) * 4 + v], 1e-12);
                    }
                }
            }
            model.resetState();
        }
    }
}

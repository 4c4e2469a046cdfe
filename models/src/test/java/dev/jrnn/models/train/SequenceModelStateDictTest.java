package dev.jrnn.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.io.LoadOptions;
import dev.jrnn.models.io.Safetensors;
import dev.jrnn.models.io.SaveOptions;
import dev.jrnn.models.io.StateDict;
import dev.jrnn.models.layer.RecurrentLayer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("state dicts of the classifier, the tagger and seq2seq: PyTorch's module keys, saved and loaded back")
class SequenceModelStateDictTest {
    private final Backend be = new ReferenceBackend();

    @TempDir
    Path dir;

    private RecurrentLayer layer(String cell, int input, boolean batchFirst, long seed) {
        return RecurrentLayer.builder(cell).backend(be).dtype(DType.FLOAT64).inputSize(input).hiddenSize(6)
                .numLayers(2).batchFirst(batchFirst).seed(seed).build();
    }

    private Variable sequences(int batch, int steps, int features) {
        SplittableRandom r = new SplittableRandom(4);
        double[] x = r.doubles((long) batch * steps * features, -1, 1).toArray();
        return Variable.constant(be.fromArray(x, Shape.of(batch, steps, features), DType.FLOAT64));
    }

    private Seq2Seq seq2seq(long seed) {
        return new Seq2Seq(layer("lstm", 4, true, seed), layer("lstm", 4, false, seed + 1),
                new Seq2Seq.Tokens(5, 7, 3, 5, 6), seed + 2);
    }

    @Test
    @DisplayName("seq2seq saves under encoder.embedding / encoder.lstm / decoder.embedding / decoder.lstm / head and loads into a fresh model")
    void seq2seq() throws IOException {
        Seq2Seq saved = seq2seq(1);
        Path file = dir.resolve("seq2seq.safetensors");
        StateDict.save(file, saved.parameters());
        assertEquals(List.of("encoder.embedding.weight",
                "encoder.lstm.weight_ih_l0", "encoder.lstm.weight_hh_l0", "encoder.lstm.bias_ih_l0",
                "encoder.lstm.bias_hh_l0", "encoder.lstm.weight_ih_l1", "encoder.lstm.weight_hh_l1",
                "encoder.lstm.bias_ih_l1", "encoder.lstm.bias_hh_l1", "decoder.embedding.weight",
                "decoder.lstm.weight_ih_l0", "decoder.lstm.weight_hh_l0", "decoder.lstm.bias_ih_l0",
                "decoder.lstm.bias_hh_l0", "decoder.lstm.weight_ih_l1", "decoder.lstm.weight_hh_l1",
                "decoder.lstm.bias_ih_l1", "decoder.lstm.bias_hh_l1", "head.weight", "head.bias"),
                saved.parameters().stream().map(p -> p.name()).toList());
        assertEquals(saved.parameters().size(), Safetensors.read(file).names().size());

        Seq2Seq loaded = seq2seq(99);
        int[][] sources = {{0, 1, 2}, {4, 3, 3}, {2, 2, 0}};
        assertFalse(sameWeights(saved, loaded));
        StateDict.load(file, loaded.parameters());
        for (int i = 0; i < saved.parameters().size(); i++) {
            assertArrayEquals(saved.parameters().get(i).value().toDoubleArray(),
                    loaded.parameters().get(i).value().toDoubleArray(), 0.0, saved.parameters().get(i).name());
        }
        assertArrayEquals(saved.decode(sources, new int[] {3, 2, 3}, 5)[1], loaded.decode(sources, new int[] {3, 2, 3}, 5)[1]);
        // the encoder's layer keeps its PyTorch names under the module's prefix
        assertEquals("encoder.lstm.weight_ih_l0", saved.encoder().parameters().get(0).name());
        assertEquals("LSTM(4, 6, num_layers=2, batch_first=True)", saved.encoder().toString());
    }

    private static boolean sameWeights(Model a, Model b) {
        for (int i = 0; i < a.parameters().size(); i++) {
            if (!java.util.Arrays.equals(a.parameters().get(i).value().toDoubleArray(),
                    b.parameters().get(i).value().toDoubleArray())) {
                return false;
            }
        }
        return true;
    }

    @Test
    @DisplayName("a classifier saves with torchKeys() (lstm.*, head.*) and a fresh one loads it: the same logits")
    void classifier() throws IOException {
        SequenceClassifier saved = new SequenceClassifier(layer("lstm", 3, true, 1), 4, 2);
        Path file = dir.resolve("classifier.safetensors");
        StateDict.save(file, saved.parameters(), SaveOptions.DEFAULT.withKeys(saved.torchKeys()));
        assertEquals(List.of("lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0",
                "lstm.weight_ih_l1", "lstm.weight_hh_l1", "lstm.bias_ih_l1", "lstm.bias_hh_l1", "head.weight",
                "head.bias"), Safetensors.read(file).names());
        SequenceClassifier loaded = new SequenceClassifier(layer("lstm", 3, true, 7), 4, 8);
        Variable x = sequences(3, 5, 3);
        int[] lengths = {5, 2, 4};
        assertFalse(sameWeights(saved, loaded));
        StateDict.load(file, loaded.parameters(), LoadOptions.DEFAULT.withKeys(loaded.torchKeys()));
        assertArrayEquals(saved.forward(x, lengths).value().toDoubleArray(),
                loaded.forward(x, lengths).value().toDoubleArray(), 0.0);
    }

    @Test
    @DisplayName("a tagger saves under its parameters' names (weight_ih_l0, head.weight) and with torchKeys(\"rnn\"), and loads back")
    void tagger() throws IOException {
        SequenceTagger saved = new SequenceTagger(layer("gru", 3, true, 1), 5, 2);
        Path plain = dir.resolve("tagger.safetensors");
        Path torch = dir.resolve("tagger-torch.safetensors");
        StateDict.save(plain, saved.parameters());
        StateDict.save(torch, saved.parameters(), SaveOptions.DEFAULT.withKeys(saved.torchKeys("rnn")));
        assertEquals("rnn.weight_ih_l0", Safetensors.read(torch).names().get(0));
        assertEquals("head.bias", Safetensors.read(torch).names().get(Safetensors.read(torch).names().size() - 1));
        Variable x = sequences(2, 4, 3);
        for (Path file : List.of(plain, torch)) {
            SequenceTagger loaded = new SequenceTagger(layer("gru", 3, true, 5), 5, 6);
            assertFalse(sameWeights(saved, loaded));
            StateDict.load(file, loaded.parameters(), file == plain ? LoadOptions.DEFAULT
                    : LoadOptions.DEFAULT.withKeys(loaded.torchKeys("rnn")));
            assertArrayEquals(saved.forward(x, new int[] {4, 1}).value().toDoubleArray(),
                    loaded.forward(x, new int[] {4, 1}).value().toDoubleArray(), 0.0);
        }
    }
}

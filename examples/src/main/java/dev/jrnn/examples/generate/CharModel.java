package dev.jrnn.examples.generate;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.models.cell.Init;
import dev.jrnn.models.io.Safetensors;
import dev.jrnn.models.io.SafetensorsException;
import dev.jrnn.models.io.SafetensorsFile;
import dev.jrnn.models.io.StateDict;
import dev.jrnn.models.layer.LayerOutput;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.layer.StatefulLayer;
import dev.jrnn.models.train.StatefulModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A character-level language model: one-hot characters {@code x_t [B, V]} into a stacked LSTM,
 * and a linear decoder from its output to the next character's logits,
 * {@code z_t = h_t W_d^T + b_d} with {@code W_d [V, H]}, {@code b_d [V]}.
 *
 * <p>Trained as a {@link StatefulModel}: {@link #forward(Variable)} carries the LSTM's state from
 * one chunk of the streams to the next, for truncated back-propagation through time.
 *
 * <p>Saved as a safetensors {@code state_dict}: the LSTM's PyTorch names ({@code weight_ih_l0}, ...)
 * and {@code decoder.weight}, {@code decoder.bias}, with the vocabulary and sizes in the metadata,
 * so a saved file is all {@link #load} needs.
 */
public final class CharModel implements StatefulModel {
    static final String FORMAT = "jrnn.char-lstm";
    private final Vocabulary vocabulary;
    private final RecurrentLayer lstm;
    private final StatefulLayer stream;
    private final Parameter decoderWeight;
    private final Parameter decoderBias;

    /** A freshly initialised model; the decoder is drawn from U(-1/sqrt(H), 1/sqrt(H)) as PyTorch's Linear. */
    public CharModel(Backend backend, DType dtype, Vocabulary vocabulary, int hidden, int layers, long seed) {
        this.vocabulary = vocabulary;
        SplittableRandom random = new SplittableRandom(seed);
        this.lstm = RecurrentLayer.builder("lstm").backend(backend).dtype(dtype).inputSize(vocabulary.size())
                .hiddenSize(hidden).numLayers(layers).seed(random.nextLong()).build();
        this.stream = new StatefulLayer(lstm);
        double bound = Init.recurrentBound(hidden);
        this.decoderWeight = new Parameter("decoder.weight",
                Init.uniform(backend, dtype, Shape.of(vocabulary.size(), hidden), bound, random));
        this.decoderBias = new Parameter("decoder.bias",
                Init.uniform(backend, dtype, Shape.of(vocabulary.size()), bound, random));
    }

    /** What one forward pass returns: logits [T*B, V], row {@code t*B + b}, and the final state. */
    public record Output(Variable logits, List<Variable> state) {
    }

    /**
     * Runs the model over a chunk.
     *
     * @param ids   character indices [T][B]
     * @param state the LSTM's (h, c), each [L, B, H], carried from the previous chunk; null for zeros
     */
    public Output forward(int[][] ids, List<Variable> state) {
        LayerOutput out = lstm.forward(oneHot(ids), state, null);
        return new Output(decode(out, ids.length * ids[0].length), out.finalState());
    }

    /**
     * Training's forward pass over a chunk of B streams, from the state the previous chunk left
     * (carried, detached, by a {@link StatefulLayer}).
     *
     * @param input character indices as values, [B, T]
     * @return the logits of each next character, [B, T, V]
     */
    @Override
    public Variable forward(Variable input) {
        int batch = input.shape().dim(0);
        int steps = input.shape().dim(1);
        double[] values = input.value().toDoubleArray();
        int[][] ids = new int[steps][batch];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                ids[t][b] = (int) values[b * steps + t];
            }
        }
        Variable logits = decode(stream.forward(oneHot(ids)), steps * batch);
        return Ops.transpose(Ops.reshape(logits, Shape.of(steps, batch, vocabulary.size())), 1, 0, 2);
    }

    @Override
    public void resetState() {
        stream.reset();
    }

    @Override
    public void keepStateIn(TensorScope scope) {
        stream.keepStateIn(scope);
    }

    /** One-hot characters [T, B, V] of indices [T][B]. */
    private Variable oneHot(int[][] ids) {
        int steps = ids.length;
        int batch = ids[0].length;
        int[] flat = new int[steps * batch];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(ids[t], 0, flat, t * batch, batch);
        }
        return Variable.constant(backend().reshape(oneHot(backend(), dtype(), flat, vocabulary.size()),
                Shape.of(steps, batch, vocabulary.size())));
    }

    /** A [N, V] tensor with 1 at (n, ids[n]) and 0 elsewhere. */
    static Tensor oneHot(Backend backend, DType dtype, int[] ids, int classes) {
        double[] data = new double[ids.length * classes];
        for (int n = 0; n < ids.length; n++) {
            if (ids[n] < 0 || ids[n] >= classes) {
                throw new IllegalArgumentException("class index " + ids[n] + " at row " + n + " is outside [0, "
                        + classes + ")");
            }
            data[n * classes + ids[n]] = 1.0;
        }
        return backend.fromArray(data, Shape.of(ids.length, classes), dtype);
    }

    /** The decoder's logits [rows, V] of the LSTM's output. */
    private Variable decode(LayerOutput out, int rows) {
        Variable h = Ops.reshape(out.output(), Shape.of(rows, hiddenSize()));
        return Ops.linear(h, decoderWeight, decoderBias);
    }

    /** Every trainable parameter: the LSTM's, then the decoder's. */
    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(lstm.parameters());
        all.add(decoderWeight);
        all.add(decoderBias);
        return List.copyOf(all);
    }

    /** Writes the parameters and the vocabulary atomically to {@code file}; nothing is modified. */
    public void save(Path file) throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("jrnn.format", FORMAT);
        metadata.put("vocabulary", vocabulary.characters());
        metadata.put("hidden", Integer.toString(hiddenSize()));
        metadata.put("layers", Integer.toString(lstm.numLayers()));
        StateDict.save(file, parameters(), metadata);
    }

    /**
     * A model rebuilt from a file written by {@link #save}, its parameters on {@code backend}. The
     * metadata is checked against the tensors (vocabulary and hidden size against the decoder,
     * layers against the LSTM's tensors) before anything is built.
     *
     * @throws SafetensorsException for any file that is not such a model, naming the file and what is wrong
     */
    public static CharModel load(Path file, Backend backend, DType dtype) throws IOException {
        SafetensorsFile read = Safetensors.read(file);
        Map<String, String> meta = read.metadata();
        if (!FORMAT.equals(meta.get("jrnn.format")) || meta.get("vocabulary") == null) {
            throw new SafetensorsException(file, "is not a jrnn generate model (its metadata has no "
                    + "jrnn.format=" + FORMAT + " and vocabulary)");
        }
        Vocabulary vocabulary;
        try {
            vocabulary = new Vocabulary(meta.get("vocabulary"));
        } catch (IllegalArgumentException e) {
            throw new SafetensorsException(file, "metadata 'vocabulary': " + e.getMessage(), e);
        }
        int hidden = positive(file, meta, "hidden");
        int layers = positive(file, meta, "layers");
        int v = vocabulary.size();
        expect(read, "decoder.weight", v, hidden);
        expect(read, "decoder.bias", v);
        for (int l = 0; l < layers; l++) {
            expect(read, "weight_hh_l" + l, 4L * hidden, hidden);
        }
        expect(read, "weight_ih_l0", 4L * hidden, v);
        CharModel model = new CharModel(backend, dtype, vocabulary, hidden, layers, 0L);
        StateDict.load(read, model.parameters());
        return model;
    }

    /** The positive int of {@code key}, written as digits without a sign or leading zeros. */
    private static int positive(Path file, Map<String, String> meta, String key) throws SafetensorsException {
        String text = meta.get(key);
        if (text == null || !text.matches("[1-9][0-9]{0,8}")) {
            throw new SafetensorsException(file, "metadata '" + key + "' is " + (text == null ? "missing"
                    : "'" + text + "'") + ", expected a positive integer");
        }
        return Integer.parseInt(text);
    }

    /** That {@code name} has shape {@code dims}, as the metadata says. */
    private static void expect(SafetensorsFile read, String name, long... dims) throws SafetensorsException {
        if (!read.contains(name)) {
            throw new SafetensorsException(read.source(), "lacks the tensor '" + name + "' that its metadata (hidden "
                    + read.metadata().get("hidden") + ", layers " + read.metadata().get("layers") + ") implies");
        }
        int[] actual = read.shape(name).dims();
        boolean same = actual.length == dims.length;
        for (int i = 0; same && i < dims.length; i++) {
            same = actual[i] == dims[i];
        }
        if (!same) {
            throw new SafetensorsException(read.source(), "tensor '" + name + "' has shape " + read.shape(name)
                    + ", but the metadata (vocabulary of " + read.metadata().get("vocabulary").length() + ", hidden "
                    + read.metadata().get("hidden") + ") needs " + Arrays.toString(dims));
        }
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public int hiddenSize() {
        return lstm.hiddenSize();
    }

    public int layers() {
        return lstm.numLayers();
    }

    public Backend backend() {
        return lstm.backend();
    }

    public DType dtype() {
        return lstm.dtype();
    }
}

package dev.jrnn.models.train;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.autograd.WeightGuard;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.models.layer.LayerOutput;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.layer.SeededRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * An encoder-decoder (sequence-to-sequence) model over tokens (Sutskever et al., 2014): the
 * encoder reads the embedded source, its final state (h_n, and c_n for an LSTM) initialises the
 * decoder, and the decoder predicts the target one token at a time from the previous token,
 * {@code z_t = dec(emb(y_{t-1}), s_{t-1}) W^T + b}, with {@code y_{-1}} the start token.
 *
 * <p><b>Training</b> with the one {@link Trainer}: an input row is the source's S token ids
 * followed by the target's T token ids, [B, S + T] ({@link #dataset} builds such samples), and its
 * target is the T target ids, trained with {@link dev.jrnn.models.loss.Loss#crossEntropy()} on the
 * logits [B, T, V]; pad a target after its end token with -100, the loss's ignore index (in the
 * input, a negative id is read as the end token). The previous token fed to the decoder is the
 * true one (teacher forcing) or, with probability {@code 1 - ratio} per token in training mode,
 * the model's own argmax prediction (scheduled sampling, Bengio et al., 2015); see
 * {@link #teacherForcing(double)}. In evaluation mode every previous token is the true one.
 * {@link #forward(Variable, int[])} takes the sources' lengths.
 *
 * <p><b>Inference</b>: {@link #decode} greedily feeds back the argmax token until the end token or
 * a maximum length.
 *
 * <p>Parameters, named as the state dict of the PyTorch module below (so {@code StateDict.save}
 * and {@code load} take {@link #parameters()} as they are, and PyTorch's
 * {@code load_state_dict(strict=True)} reads the file): {@code encoder.embedding.weight}
 * [V_src, E_enc], the encoder layer's under {@code encoder.<cell>.} ({@code encoder.gru.weight_ih_l0},
 * {@code <cell>} being {@code lstm}, {@code gru} or {@code rnn}), {@code decoder.embedding.weight}
 * [V_tgt, E_dec], the decoder layer's under {@code decoder.<cell>.}, and {@code head.weight}
 * [V_tgt, H], {@code head.bias} [V_tgt] (P in place of H for LSTMs with projections). The
 * constructor gives the layers' parameters these names ({@link Parameter#addNamePrefix}), so a
 * layer belongs to one model.
 *
 * <pre>{@code
 * class Encoder(nn.Module):            # and Decoder, the same with the target vocabulary
 *     def __init__(self, vocabulary, embedding, hidden):
 *         super().__init__()
 *         self.embedding = nn.Embedding(vocabulary, embedding)
 *         self.gru = nn.GRU(embedding, hidden, batch_first=True)
 * class Seq2Seq(nn.Module):            # self.encoder, self.decoder, self.head = nn.Linear(hidden, V_tgt)
 * }</pre>
 *
 * <p>Thread safety: as {@link RecurrentLayer} for {@link #decode} and evaluation; training mode's
 * sampling draws from one random stream, so a model trains on one thread.
 */
public final class Seq2Seq implements Model {
    private final RecurrentLayer encoder;
    private final RecurrentLayer decoder;
    private final Tokens tokens;
    private final Parameter sourceEmbedding;
    private final Parameter targetEmbedding;
    private final LinearHead head;
    private final WeightGuard guard;
    private final SeededRandom sampling;
    private double teacherForcing = 1.0;
    private boolean training = true;

    /**
     * The vocabularies and special tokens.
     *
     * @param sourceVocabulary V_src, source ids are in [0, V_src)
     * @param targetVocabulary V_tgt, target ids are in [0, V_tgt)
     * @param sourceLength     S, the source steps of an input row
     * @param start            the target id that starts decoding
     * @param end              the target id that ends a target sequence
     */
    public record Tokens(int sourceVocabulary, int targetVocabulary, int sourceLength, int start, int end) {
        public Tokens {
            if (sourceVocabulary <= 0 || targetVocabulary <= 0 || sourceLength <= 0) {
                throw new IllegalArgumentException("seq2seq: vocabularies " + sourceVocabulary + ", "
                        + targetVocabulary + " and source length " + sourceLength + " must be positive");
            }
            if (start < 0 || start >= targetVocabulary || end < 0 || end >= targetVocabulary) {
                throw new IllegalArgumentException("seq2seq: start token " + start + " and end token " + end
                        + " must be target ids in [0, " + targetVocabulary + ")");
            }
        }
    }

    /**
     * @param encoder one direction; reads embeddings of {@code encoder.inputSize()}
     * @param decoder one direction, the encoder's cell kind, layers and hidden size, so that the
     *                encoder's final state is its initial state
     */
    public Seq2Seq(RecurrentLayer encoder, RecurrentLayer decoder, Tokens tokens, long seed) {
        check(encoder, decoder);
        qualify(encoder, "encoder.");
        qualify(decoder, "decoder.");
        this.encoder = encoder;
        this.decoder = decoder;
        this.tokens = tokens;
        SplittableRandom random = new SplittableRandom(seed);
        Backend be = encoder.backend();
        DType dtype = encoder.dtype();
        this.sourceEmbedding = LinearHead.table("encoder.embedding.weight", tokens.sourceVocabulary(),
                encoder.inputSize(), be, dtype, random.nextLong());
        this.targetEmbedding = LinearHead.table("decoder.embedding.weight", tokens.targetVocabulary(),
                decoder.inputSize(), be, dtype, random.nextLong());
        this.head = LinearHead.create("head", decoder.outputSize(), tokens.targetVocabulary(), be, dtype,
                random.nextLong());
        this.sampling = new SeededRandom(random.nextLong());
        this.guard = WeightGuard.share(parameters());
    }

    private static void check(RecurrentLayer encoder, RecurrentLayer decoder) {
        if (encoder.directions() != 1 || decoder.directions() != 1) {
            throw new IllegalArgumentException("seq2seq: encoder and decoder must be unidirectional (the encoder's "
                    + "final state initialises the decoder), got " + encoder.directions() + " and "
                    + decoder.directions() + " directions");
        }
        if (encoder == decoder) {
            throw new IllegalArgumentException("seq2seq: the encoder and the decoder must be two layers");
        }
        if (encoder.numLayers() != decoder.numLayers() || encoder.hiddenSize() != decoder.hiddenSize()
                || encoder.projSize() != decoder.projSize() || encoder.stateCount() != decoder.stateCount()) {
            throw new IllegalArgumentException("seq2seq: the encoder (" + encoder.cellName() + ", " + encoder.numLayers()
                    + " layers of " + encoder.hiddenSize() + ") and the decoder (" + decoder.cellName() + ", "
                    + decoder.numLayers() + " layers of " + decoder.hiddenSize() + ") must have one state shape");
        }
        if (encoder.backend() != decoder.backend() || encoder.dtype() != decoder.dtype()) {
            throw new IllegalArgumentException("seq2seq: encoder and decoder must share backend and dtype");
        }
        for (RecurrentLayer layer : List.of(encoder, decoder)) {
            for (String name : layer.namedParameters().keySet()) {
                if (name.contains(".")) {
                    throw new IllegalArgumentException("seq2seq: the layer's parameter " + name + " already has a"
                            + " model's name; a layer belongs to one model, build new layers for this one");
                }
            }
        }
    }

    /** Names the layer's parameters {@code <part><cell>.<name>}, their keys in the PyTorch module's state dict. */
    private static void qualify(RecurrentLayer layer, String part) {
        String prefix = part + Sequences.torchModule(layer) + ".";
        layer.parameters().forEach(p -> p.addNamePrefix(prefix));
    }

    /**
     * Sets the probability of feeding the true previous token in training mode; the rest of the
     * time the decoder gets its own prediction. 1 (the default) is pure teacher forcing, which runs
     * the decoder over the whole target in one call; below 1 it runs step by step.
     */
    public Seq2Seq teacherForcing(double ratio) {
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("seq2seq: teacher forcing ratio must be in [0, 1], got " + ratio);
        }
        this.teacherForcing = ratio;
        return this;
    }

    public double teacherForcing() {
        return teacherForcing;
    }

    public Tokens tokens() {
        return tokens;
    }

    public RecurrentLayer encoder() {
        return encoder;
    }

    public RecurrentLayer decoder() {
        return decoder;
    }

    /** Every parameter: the source embedding, the encoder's, the target embedding, the decoder's, the head's. */
    @Override
    public List<Parameter> parameters() {
        return List.copyOf(namedParameters().values());
    }

    /** The parameters by name: {@code encoder.embedding.weight}, {@code encoder.gru.weight_ih_l0}, ... */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> all = new LinkedHashMap<>();
        all.put(sourceEmbedding.name(), sourceEmbedding);
        all.putAll(encoder.namedParameters());
        all.put(targetEmbedding.name(), targetEmbedding);
        all.putAll(decoder.namedParameters());
        for (Parameter p : head.parameters()) {
            all.put(p.name(), p);
        }
        return all;
    }

    @Override
    public WeightGuard guard() {
        return guard;
    }

    @Override
    public void train(boolean on) {
        training = on;
        encoder.train(on);
        decoder.train(on);
    }

    /** The logits [B, T, V_tgt] of rows [B, S + T] (source ids, then target ids) of full-length sources. */
    @Override
    public Variable forward(Variable input) {
        return forward(input, null);
    }

    /**
     * The logits [B, T, V_tgt] of rows [B, S + T] (source ids, then target ids), source b having
     * {@code sourceLengths[b]} real steps (null: all S).
     */
    @Override
    public Variable forward(Variable input, int[] sourceLengths) {
        int s = tokens.sourceLength();
        if (input.shape().rank() != 2 || input.shape().dim(1) <= s) {
            throw new IllegalArgumentException("seq2seq: input must be [B, S + T] token ids with S = " + s
                    + " and T >= 1, got shape " + input.shape());
        }
        int batch = input.shape().dim(0);
        int steps = input.shape().dim(1) - s;
        double[] ids = input.value().toDoubleArray();
        int[][] source = new int[batch][s];
        int[][] target = new int[batch][steps];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < s; t++) {
                source[b][t] = token(ids[b * (s + steps) + t], "source", b, t);
            }
            for (int t = 0; t < steps; t++) {
                double v = ids[b * (s + steps) + s + t];
                target[b][t] = v < 0 ? tokens.end() : token(v, "target", b, t);
            }
        }
        try (WeightGuard.Lease weights = guard.read()) {
            List<Variable> state = encode(source, sourceLengths);
            boolean sampled = training && teacherForcing < 1.0;
            return sampled ? decodeSampled(target, state) : decodeForced(target, state);
        }
    }

    private static int token(double v, String what, int b, int t) {
        if (v != Math.rint(v)) {
            throw new IllegalArgumentException("seq2seq: " + what + " token " + v + " at [" + b + ", " + t
                    + "] is not an integer id");
        }
        return (int) v;
    }

    /** The encoder's final state, each [L, B, H]. */
    private List<Variable> encode(int[][] source, int[] lengths) {
        Variable x = embed(sourceEmbedding, source, tokens.sourceVocabulary(), "seq2seq source");
        LayerOutput out = encoder.forward(Sequences.toLayout(encoder, x), null, lengths);
        return out.finalState();
    }

    /** Teacher forcing throughout: the decoder reads [start, y_0, ..., y_{T-2}] in one call. */
    private Variable decodeForced(int[][] target, List<Variable> state) {
        int[][] previous = new int[target.length][target[0].length];
        for (int b = 0; b < target.length; b++) {
            previous[b][0] = tokens.start();
            System.arraycopy(target[b], 0, previous[b], 1, target[b].length - 1);
        }
        Variable x = embed(targetEmbedding, previous, tokens.targetVocabulary(), "seq2seq target");
        Variable out = decoder.forward(Sequences.toLayout(decoder, x), state, null).output();
        return head.apply(Sequences.fromLayout(decoder, out));
    }

    /** Step by step, each previous token the true one with probability {@link #teacherForcing}, else the prediction. */
    private Variable decodeSampled(int[][] target, List<Variable> state) {
        int batch = target.length;
        int[] previous = new int[batch];
        Arrays.fill(previous, tokens.start());
        List<Variable> steps = new ArrayList<>(target[0].length);
        for (int t = 0; t < target[0].length; t++) {
            Step next = step(previous, state);
            state = next.state();
            steps.add(next.logits());
            int[] predicted = Sequences.argmax(next.logits().value());
            for (int b = 0; b < batch; b++) {
                previous[b] = sampling.nextDouble() < teacherForcing ? target[b][t] : predicted[b];
            }
        }
        return Ops.concat(1, steps);
    }

    /** One decoder step's logits [B, 1, V] and the state after it. */
    private record Step(Variable logits, List<Variable> state) {
    }

    /** One decoder step from the previous tokens [B]. */
    private Step step(int[] previous, List<Variable> state) {
        int[][] column = new int[previous.length][1];
        for (int b = 0; b < previous.length; b++) {
            column[b][0] = previous[b];
        }
        Variable x = embed(targetEmbedding, column, tokens.targetVocabulary(), "seq2seq target");
        LayerOutput out = decoder.forward(Sequences.toLayout(decoder, x), state, null);
        return new Step(head.apply(Sequences.fromLayout(decoder, out.output())), out.finalState());
    }

    /** The embeddings [B, T, E] of token ids [B][T]: one-hot rows times the table, so the table gets its gradient. */
    private Variable embed(Parameter table, int[][] ids, int vocabulary, String what) {
        int batch = ids.length;
        int steps = ids[0].length;
        int[] flat = new int[batch * steps];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(ids[b], 0, flat, b * steps, steps);
        }
        Variable oneHot = Variable.constant(Sequences.oneHot(table.backend(), table.dtype(), flat, vocabulary, what));
        return Ops.reshape(Ops.matmul(oneHot, table), Shape.of(batch, steps, table.shape().dim(1)));
    }

    /**
     * Greedy decoding: from the start token, feeds back the most likely token until every sequence
     * has produced the end token or {@code maxLength} tokens; no graph is recorded.
     *
     * @param sources       source ids [B][S]
     * @param sourceLengths each source's real steps, or null for all S
     * @return each sequence's tokens up to, without, its end token
     */
    public int[][] decode(int[][] sources, int[] sourceLengths, int maxLength) {
        if (maxLength <= 0) {
            throw new IllegalArgumentException("seq2seq: maximum length must be positive, got " + maxLength);
        }
        for (int[] source : sources) {
            if (source.length != tokens.sourceLength()) {
                throw new IllegalArgumentException("seq2seq: a source has " + source.length + " steps, expected "
                        + tokens.sourceLength() + " (pad it and give its length)");
            }
        }
        int batch = sources.length;
        List<List<Integer>> produced = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            produced.add(new ArrayList<>());
        }
        try (Autograd.NoGrad off = Autograd.noGrad(); TensorScope scope = TensorScope.open();
             WeightGuard.Lease weights = guard.read()) {
            List<Variable> state = encode(sources, sourceLengths);
            int[] previous = new int[batch];
            Arrays.fill(previous, tokens.start());
            boolean[] ended = new boolean[batch];
            int open = batch;
            for (int t = 0; t < maxLength && open > 0; t++) {
                Step step = step(previous, state);
                state = step.state();
                int[] next = Sequences.argmax(step.logits().value());
                for (int b = 0; b < batch; b++) {
                    if (!ended[b]) {
                        if (next[b] == tokens.end()) {
                            ended[b] = true;
                            open--;
                        } else {
                            produced.get(b).add(next[b]);
                        }
                    }
                }
                previous = next;
            }
        }
        int[][] result = new int[batch][];
        for (int b = 0; b < batch; b++) {
            result[b] = produced.get(b).stream().mapToInt(Integer::intValue).toArray();
        }
        return result;
    }

    /**
     * Samples for {@link Trainer#fit}: inputs [S + T] (source, then target) and targets [T], each
     * target followed by the end token and padded with -100 (the loss's ignore index) to T.
     *
     * @param sources     source ids, each of S
     * @param targets     target ids, each at most T - 1 long (the end token is appended)
     * @param targetSteps T
     */
    public Dataset dataset(int[][] sources, int[][] targets, int targetSteps) {
        if (sources.length != targets.length || sources.length == 0) {
            throw new IllegalArgumentException("seq2seq: " + sources.length + " sources and " + targets.length
                    + " targets; they must pair up and not be empty");
        }
        int s = tokens.sourceLength();
        double[] in = new double[sources.length * (s + targetSteps)];
        double[] out = new double[sources.length * targetSteps];
        for (int n = 0; n < sources.length; n++) {
            if (sources[n].length != s || targets[n].length >= targetSteps) {
                throw new IllegalArgumentException("seq2seq: sample " + n + " has a source of " + sources[n].length
                        + " (expected " + s + ") and a target of " + targets[n].length + " (at most "
                        + (targetSteps - 1) + ", the end token needs a step)");
            }
            for (int t = 0; t < s; t++) {
                in[n * (s + targetSteps) + t] = sources[n][t];
            }
            for (int t = 0; t < targetSteps; t++) {
                double v = t < targets[n].length ? targets[n][t] : t == targets[n].length ? tokens.end() : -100;
                in[n * (s + targetSteps) + s + t] = v;
                out[n * targetSteps + t] = v;
            }
        }
        return new Dataset(in, Shape.of(s + targetSteps), out, Shape.of(targetSteps));
    }

    /**
     * The generators of training's random draws: the layers' dropout masks and scheduled sampling's
     * choices, so that a resumed run draws what the uninterrupted run would.
     */
    @Override
    public Map<String, SeededRandom> randomGenerators() {
        return Map.of("encoder.dropout", encoder.dropoutRandom(), "decoder.dropout", decoder.dropoutRandom(),
                "sampling", sampling);
    }

    /** The embeddings, layers and head, their output shapes and parameter counts, the totals, dtype and backend. */
    @Override
    public String summary() {
        String e = Sequences.torchModule(encoder);
        String d = Sequences.torchModule(decoder);
        int hidden = decoder.outputSize();
        int v = tokens.targetVocabulary();
        List<ModelSummary.Row> rows = List.of(
                new ModelSummary.Row("encoder.embedding", embedding(sourceEmbedding),
                        "[B, S, " + encoder.inputSize() + "]", sourceEmbedding.shape().size()),
                new ModelSummary.Row("encoder." + e, encoder.toString(), "[B, S, " + encoder.outputSize() + "]",
                        Sequences.count(encoder.parameters())),
                new ModelSummary.Row("decoder.embedding", embedding(targetEmbedding),
                        "[B, T, " + decoder.inputSize() + "]", targetEmbedding.shape().size()),
                new ModelSummary.Row("decoder." + d, decoder.toString(), "[B, T, " + hidden + "]",
                        Sequences.count(decoder.parameters())),
                new ModelSummary.Row("head", "Linear(" + hidden + ", " + v + ") on every step", "[B, T, " + v + "]",
                        Sequences.count(head.parameters())));
        return new ModelSummary("Seq2Seq (teacher forcing " + teacherForcing + ")", rows, "[B, S + T], S = "
                + tokens.sourceLength(), parameters()).toString();
    }

    private static String embedding(Parameter table) {
        return "Embedding(" + table.shape().dim(0) + ", " + table.shape().dim(1) + ")";
    }

    /** The model as PyTorch prints the module of the class documentation. */
    @Override
    public String toString() {
        return "Seq2Seq(\n  (encoder): Encoder(\n    (embedding): " + embedding(sourceEmbedding) + "\n    ("
                + Sequences.torchModule(encoder) + "): " + encoder + "\n  )\n  (decoder): Decoder(\n    (embedding): "
                + embedding(targetEmbedding) + "\n    (" + Sequences.torchModule(decoder) + "): " + decoder
                + "\n  )\n  (head): " + Sequences.linear(decoder.outputSize(), tokens.targetVocabulary()) + "\n)";
    }
}

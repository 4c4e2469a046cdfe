package dev.jrnn.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.io.PyTorchFixtures;
import dev.jrnn.models.io.SafetensorsFile;
import dev.jrnn.models.io.StateDict;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.loss.Loss;
import dev.jrnn.models.optim.Adam;
import dev.jrnn.models.optim.GradientClipping;
import dev.jrnn.models.optim.Optimizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Training on variable-length sequences: PyTorch's packed semantics end to end through the Trainer. */
class VariableLengthTrainingTest {
    private static final double GARBAGE = 1e6;
    private final Backend be = new ReferenceBackend();

    private RecurrentLayer layer(String cell, int input, int hidden, int layers, boolean bidirectional, long seed) {
        return RecurrentLayer.builder(cell).backend(be).dtype(DType.FLOAT64).inputSize(input).hiddenSize(hidden)
                .numLayers(layers).bidirectional(bidirectional).batchFirst(true).seed(seed).build();
    }

    private Variable constant(SafetensorsFile fx, String name) {
        return Variable.constant(fx.tensor(name, be, DType.FLOAT64));
    }

    private static int[] ints(long[] values) {
        return Arrays.stream(values).mapToInt(Math::toIntExact).toArray();
    }

    /** The gradients of every parameter and of the input against the fixture's. */
    private static void assertGradients(SafetensorsFile fx, List<Parameter> parameters, Variable input, double tol) {
        for (Parameter p : parameters) {
            assertArrayEquals(fx.doubles("grad." + p.name()), p.grad().toDoubleArray(), tol, "gradient of " + p.name());
        }
        assertArrayEquals(fx.doubles("grad.input"), input.grad().toDoubleArray(), tol, "gradient of the input");
    }

    @Test
    @DisplayName("SequenceRegressor with lengths is PyTorch's LSTM over pack_padded_sequence + Linear on h_n[-1]: prediction, weighted MSE and gradients")
    void manyToOneMatchesPyTorch() throws Exception {
        SequenceRegressor model = new SequenceRegressor(layer("lstm", 3, 5, 2, false, 1), 2, 1);
        StateDict.load(PyTorchFixtures.path("varlen_many_to_one_model.safetensors"), model.parameters());
        SafetensorsFile fx = PyTorchFixtures.read("varlen_many_to_one.safetensors");
        try (TensorScope scope = TensorScope.open()) {
            Variable x = Variable.input(fx.tensor("input", be, DType.FLOAT64), "input");
            Variable prediction = model.forward(x, ints(fx.longs("lengths")));
            assertArrayEquals(fx.doubles("prediction"), prediction.value().toDoubleArray(), 1e-12);
            Variable loss = Loss.mse().weighted(prediction, constant(fx, "target"), constant(fx, "weights"));
            Autograd.backward(loss);
            assertEquals(fx.doubles("loss")[0], loss.value().item(), 1e-12);
            assertGradients(fx, model.parameters(), x, 1e-12);
        }
    }

    @Test
    @DisplayName("a per-step head on a bidirectional GRU with lengths, MSE masked by the dataset's weights, is PyTorch's over packed sequences")
    void manyToManyMatchesPyTorch() throws Exception {
        PerStepRegressor model = new PerStepRegressor(layer("gru", 3, 4, 1, true, 1), 2);
        StateDict.load(PyTorchFixtures.path("varlen_many_to_many_model.safetensors"), model.parameters());
        SafetensorsFile fx = PyTorchFixtures.read("varlen_many_to_many.safetensors");
        int[] lengths = ints(fx.longs("lengths"));
        // the dataset of the fixture's real steps gives the mask times the sample weights
        double[] input = fx.doubles("input");
        double[] target = fx.doubles("target");
        List<double[][]> sequences = new ArrayList<>();
        List<double[][]> targets = new ArrayList<>();
        for (int b = 0; b < lengths.length; b++) {
            double[][] xs = new double[lengths[b]][];
            double[][] ys = new double[lengths[b]][];
            for (int t = 0; t < lengths[b]; t++) {
                xs[t] = Arrays.copyOfRange(input, (b * 5 + t) * 3, (b * 5 + t + 1) * 3);
                ys[t] = Arrays.copyOfRange(target, (b * 5 + t) * 2, (b * 5 + t + 1) * 2);
            }
            sequences.add(xs);
            targets.add(ys);
        }
        SequenceDataset data = SequenceDataset.manyToMany(sequences, targets).withSampleWeights(fx.doubles("sample_weights"));
        try (TensorScope scope = TensorScope.open()) {
            Variable weights = Variable.constant(data.targetWeights(new int[] {0, 1, 2}, be, DType.FLOAT64));
            Variable x = Variable.input(fx.tensor("input", be, DType.FLOAT64), "input");
            Variable prediction = model.forward(x, lengths);
            for (int i = 0; i < prediction.value().size(); i++) {
                int step = i / 2 % 5;
                if (step < lengths[i / 10]) {
                    assertEquals(fx.doubles("prediction")[i], prediction.value().toDoubleArray()[i], 1e-12, "output " + i);
                }
            }
            Variable loss = Loss.mse().weighted(prediction, constant(fx, "target"), weights);
            Autograd.backward(loss);
            assertEquals(fx.doubles("loss")[0], loss.value().item(), 1e-12);
            assertGradients(fx, model.parameters(), x, 1e-12);
        }
    }

    // ------------------------------------------------------------------------- the trainer against a loop by hand

    /** {@code n} sequences of 2 features and lengths 1..9: targets per sequence (their sum) or per step (running sums). */
    static SequenceDataset sums(int n, long seed, boolean perStep) {
        SplittableRandom random = new SplittableRandom(seed);
        List<double[][]> sequences = new ArrayList<>();
        double[][] totals = new double[n][];
        List<double[][]> running = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int length = 1 + random.nextInt(9);
            double[][] seq = new double[length][];
            double[][] run = new double[length][];
            double sum = 0;
            for (int t = 0; t < length; t++) {
                seq[t] = new double[] {random.nextDouble(-1, 1), random.nextDouble(-1, 1)};
                sum += 0.3 * seq[t][0] - 0.2 * seq[t][1];
                run[t] = new double[] {sum};
            }
            sequences.add(seq);
            running.add(run);
            totals[i] = new double[] {sum, length / 9.0};
        }
        return perStep ? SequenceDataset.manyToMany(sequences, running) : SequenceDataset.manyToOne(sequences, totals);
    }

    /** The batch {@code batch} of {@code data}, padded to its longest with GARBAGE instead of zeros. */
    private Variable paddedWithGarbage(SequenceDataset data, int[] batch, boolean targets) {
        Variable v = Variable.constant(targets ? data.targets(batch, be, DType.FLOAT64) : data.inputs(batch, be, DType.FLOAT64));
        int[] lengths = data.lengths(batch);
        double[] values = v.value().toDoubleArray();
        int steps = v.shape().dim(1);
        int width = v.shape().size() / (batch.length * steps);
        for (int b = 0; b < batch.length; b++) {
            for (int t = lengths[b]; t < steps; t++) {
                Arrays.fill(values, (b * steps + t) * width, (b * steps + t + 1) * width, GARBAGE);
            }
        }
        return Variable.constant(be.fromArray(values, v.shape(), DType.FLOAT64));
    }

    /** A many-to-one step by hand: the last layer's h_n through the head, plain MSE (every sequence has one target). */
    private Variable manyToOneLoss(SequenceRegressor model, Variable x, int[] lengths, Variable y) {
        RecurrentLayer layer = model.layer();
        Variable hn = layer.forward(x, null, lengths).hn();
        int batch = lengths.length;
        int last = layer.numLayers() - 1;
        Variable h = Ops.reshape(Ops.slice(hn, 0, last, last + 1), Shape.of(batch, layer.hiddenSize()));
        List<Parameter> ps = model.parameters();
        Variable p = Ops.linear(h, ps.get(ps.size() - 2), ps.get(ps.size() - 1));
        Variable d = Ops.sub(p, y);
        return Ops.scale(Ops.sum(Ops.mul(d, d)), 1.0 / d.shape().size());
    }

    /** A many-to-many step by hand: sum over real steps of (p - y)^2 over their count, a mask made from the lengths. */
    private Variable manyToManyLoss(PerStepRegressor model, Variable x, int[] lengths, Variable y) {
        Variable p = model.head(model.layer.forward(x, null, lengths).output());
        int steps = x.shape().dim(1);
        double[] mask = new double[lengths.length * steps];
        int real = 0;
        for (int b = 0; b < lengths.length; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                mask[b * steps + t] = 1;
                real++;
            }
        }
        Variable m = Variable.constant(be.fromArray(mask, y.shape(), DType.FLOAT64));
        Variable d = Ops.sub(p, y);
        return Ops.scale(Ops.sum(Ops.mul(Ops.mul(d, d), m)), 1.0 / real);
    }

    @ParameterizedTest(name = "per-step targets: {0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("the Trainer's losses and final weights equal a hand-written loop over the same batches padded with 1e6")
    void trainerEqualsHandWrittenLoop(boolean perStep) {
        SequenceDataset data = sums(60, 3, perStep);
        Model trained = perStep ? new PerStepRegressor(layer("lstm", 2, 6, 2, false, 4), 1)
                : new SequenceRegressor(layer("lstm", 2, 6, 2, false, 4), 2, 5);
        List<Double> losses = new ArrayList<>();
        Trainer.builder().epochs(3).batchSize(8).seed(11).bucketByLength(3).clipNorm(1.0)
                .optimizer(ps -> new Adam(ps, 0.01)).listener(new TrainingListener() {
                    @Override
                    public void onStep(StepEvent e) {
                        losses.add(e.loss());
                    }
                }).build().fit(trained, data, null);
        assertEquals(3 * 8, losses.size());

        Model byHand = perStep ? new PerStepRegressor(layer("lstm", 2, 6, 2, false, 4), 1)
                : new SequenceRegressor(layer("lstm", 2, 6, 2, false, 4), 2, 5);
        List<Double> handLosses = new ArrayList<>();
        try (Optimizer adam = new Adam(byHand.parameters(), 0.01)) {
            for (int epoch = 0; epoch < 3; epoch++) {
                for (int[] batch : new Batches(data.size(), 8, true, 11, data.lengths(), 3).epoch(epoch)) {
                    try (TensorScope scope = TensorScope.open()) {
                        int[] lengths = data.lengths(batch);
                        Variable x = paddedWithGarbage(data, batch, false);
                        Variable y = perStep ? paddedWithGarbage(data, batch, true) : Variable.constant(
                                data.targets(batch, be, DType.FLOAT64));
                        Variable loss = perStep ? manyToManyLoss((PerStepRegressor) byHand, x, lengths, y)
                                : manyToOneLoss((SequenceRegressor) byHand, x, lengths, y);
                        adam.zeroGrad();
                        Autograd.backward(loss);
                        GradientClipping.clipByGlobalNorm(byHand.parameters(), 1.0);
                        adam.step();
                        adam.keepIn(scope);
                        handLosses.add(loss.value().item());
                    }
                }
            }
        }
        double worst = 0;
        for (int i = 0; i < losses.size(); i++) {
            worst = Math.max(worst, Math.abs(losses.get(i) - handLosses.get(i)));
        }
        assertTrue(worst <= 1e-12, "largest loss difference " + worst);
        assertTrue(handLosses.get(handLosses.size() - 1) < handLosses.get(0), "the loop learns: " + handLosses);
        for (int i = 0; i < trained.parameters().size(); i++) {
            assertArrayEquals(byHand.parameters().get(i).value().toDoubleArray(),
                    trained.parameters().get(i).value().toDoubleArray(), 1e-12, trained.parameters().get(i).name());
        }
    }

    @Test
    @DisplayName("validation and early stopping run with lengths; evaluate is the weighted mean over every real step")
    void validationAndEarlyStopping() {
        SequenceDataset data = sums(80, 8, true);
        PerStepRegressor model = new PerStepRegressor(layer("gru", 2, 5, 1, false, 2), 1);
        Trainer trainer = Trainer.builder().epochs(25).batchSize(16).seed(1).bucketByLength()
                .optimizer(ps -> new Adam(ps, 0.05)).earlyStopping(2, 0.0, true).build();
        TrainingResult result = trainer.fit(model, data.range(0, 60), data.range(60, 80));
        assertTrue(result.bestValidationLoss() < result.history().get(0).validationLoss(), result.toString());
        double evaluated = trainer.evaluate(model, data.range(60, 80), be, DType.FLOAT64);
        assertEquals(result.bestValidationLoss(), evaluated, 1e-12, "the restored weights' validation loss");

        // by hand: one batch of all 20 validation sequences, squared errors summed over their real steps
        SequenceDataset validation = data.range(60, 80);
        int[] all = new int[20];
        Arrays.setAll(all, i -> i);
        try (TensorScope scope = TensorScope.open(); Autograd.NoGrad off = Autograd.noGrad()) {
            int[] lengths = validation.lengths(all);
            Variable loss = manyToManyLoss(model, paddedWithGarbage(validation, all, false), lengths,
                    paddedWithGarbage(validation, all, true));
            assertEquals(loss.value().item(), evaluated, 1e-12);
        }
    }

    @Test
    @DisplayName("the README's variable-length example, as written there, learns the mean of each sequence's first feature")
    void readmeExample() {
        SplittableRandom random = new SplittableRandom(21);
        List<double[][]> sequences = new ArrayList<>();
        double[][] targets = new double[1000][];
        for (int i = 0; i < targets.length; i++) {
            double[][] seq = new double[1 + random.nextInt(12)][];
            double sum = 0;
            for (int t = 0; t < seq.length; t++) {
                seq[t] = new double[] {random.nextDouble(-1, 1), random.nextDouble(-1, 1)};
                sum += seq[t][0];
            }
            sequences.add(seq);
            targets[i] = new double[] {sum / seq.length};
        }
        Backend backend = be;

        // --- as in README.md ---
        SequenceDataset data = SequenceDataset.manyToOne(sequences, targets);
        RecurrentLayer gru = RecurrentLayer.builder("gru").backend(backend).dtype(DType.FLOAT64)
                .inputSize(data.inputSize()).hiddenSize(16).batchFirst(true).seed(7).build();
        SequenceRegressor model = new SequenceRegressor(gru, targets[0].length, 7);  // head on each sequence's last real step
        Trainer trainer = Trainer.builder().epochs(10).batchSize(32).bucketByLength()   // batches of similar lengths
                .optimizer(params -> new Adam(params, 0.01)).build();
        TrainingResult result = trainer.fit(model, data.range(0, 800), data.range(800, data.size()));
        // --- end ---

        double variance = 0;
        for (int i = 800; i < 1000; i++) {
            variance += targets[i][0] * targets[i][0] / 200;
        }
        double last = result.history().get(result.epochs() - 1).validationLoss();
        assertTrue(last < 0.1 * variance, "validation MSE " + last + " against " + variance + " for predicting 0");
    }

    @ParameterizedTest(name = "bidirectional: {0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("SequenceRegressor with every length T is its forward pass without lengths, bit for bit, batch-first or not")
    void fullLengthsAreTheUnpaddedForward(boolean bidirectional) {
        for (boolean batchFirst : new boolean[] {true, false}) {
            RecurrentLayer layer = RecurrentLayer.builder("gru").backend(be).dtype(DType.FLOAT64).inputSize(2)
                    .hiddenSize(3).numLayers(2).bidirectional(bidirectional).batchFirst(batchFirst).seed(3).build();
            SequenceRegressor model = new SequenceRegressor(layer, 2, 3);
            SequenceDataset data = sums(4, 1, false);
            try (TensorScope scope = TensorScope.open()) {
                Variable x = Variable.constant(data.inputs(new int[] {0, 1, 2, 3}, be, DType.FLOAT64));
                int[] full = new int[4];
                Arrays.fill(full, x.shape().dim(1));
                assertArrayEquals(model.forward(x).value().toDoubleArray(), model.forward(x, full).value().toDoubleArray(),
                        0.0, "batch first " + batchFirst);
                // and a shorter sequence is its own unpadded forward pass
                int[] one = {2};
                Variable alone = Variable.constant(data.inputs(one, be, DType.FLOAT64));
                Variable row = Ops.slice(model.forward(x, data.lengths(new int[] {0, 1, 2, 3})), 0, 2, 3);
                assertArrayEquals(model.forward(alone).value().toDoubleArray(), row.value().toDoubleArray(), 1e-14);
            }
        }
    }

    @Test
    @DisplayName("bad lengths are refused naming the sequence: zero, longer than the padded axis, a count unlike the batch's")
    void badLengths() {
        SequenceRegressor model = new SequenceRegressor(layer("lstm", 2, 3, 1, false, 1), 1, 1);
        try (TensorScope scope = TensorScope.open()) {
            Variable x = Variable.constant(be.zeros(Shape.of(2, 4, 2), DType.FLOAT64));
            IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                    () -> model.forward(x, new int[] {3, 0}));
            assertTrue(zero.getMessage().contains("length 0 of sequence 1 is outside [1, 4]"), zero.getMessage());
            IllegalArgumentException longer = assertThrows(IllegalArgumentException.class,
                    () -> model.forward(x, new int[] {5, 2}));
            assertTrue(longer.getMessage().contains("length 5 of sequence 0") && longer.getMessage().contains("4 steps"),
                    longer.getMessage());
            IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                    () -> model.forward(x, new int[] {1, 2, 3}));
            assertTrue(count.getMessage().contains("3 lengths for a batch of 2"), count.getMessage());
        }
    }

    @Test
    @DisplayName("variable lengths are refused where they cannot apply: truncated BPTT, a model that takes no lengths")
    void refusedCombinations() {
        SequenceDataset data = sums(10, 2, true);
        IllegalArgumentException bptt = assertThrows(IllegalArgumentException.class,
                () -> Trainer.builder().truncatedBptt(3).build().fit(new StreamingRegressor(be, 1), data, null));
        assertTrue(bptt.getMessage().contains("variable lengths"), bptt.getMessage());
        PerStepRegressor inner = new PerStepRegressor(layer("gru", 2, 3, 1, false, 1), 1);
        Model noLengths = new Model() {
            @Override
            public List<Parameter> parameters() {
                return inner.parameters();
            }

            @Override
            public Variable forward(Variable input) {
                return inner.forward(input);
            }
        };
        UnsupportedOperationException ex = assertThrows(UnsupportedOperationException.class,
                () -> Trainer.builder().batchSize(10).build().fit(noLengths, data, null));
        assertTrue(ex.getMessage().contains("takes no sequence lengths"), ex.getMessage());
    }
}

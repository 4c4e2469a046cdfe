package dev.jrnn.conformance.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.GradientCheck;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.cell.Cell;
import dev.jrnn.api.cell.CellConfig;
import dev.jrnn.api.cell.CellProvider;
import dev.jrnn.api.cell.CellState;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.conformance.cell.SteppedCells.Expected;
import dev.jrnn.models.io.StateDict;
import dev.jrnn.models.layer.LayerOutput;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.layer.RecurrentLayerBuilder;
import dev.jrnn.models.layer.StatefulLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cell compatibility kit: subclass it in a cell's tests, and the cell is checked the way
 * jrnn's own cells are, alone and inside every kind of {@link RecurrentLayer}:
 *
 * <pre>{@code
 * class MguCellCompatibilityTest extends CellCompatibilityKit {
 *     protected CellProvider provider() { return new MguCellProvider(); }
 * }
 * }</pre>
 *
 * <p>The checks, one test each:
 * <ul>
 *   <li>gradients of a few steps equal central differences in FLOAT64
 *       ({@link GradientCheck}), with and without biases;</li>
 *   <li>parameter names: {@link #parameterNames} plus the config's suffix, in that order;</li>
 *   <li>state count: {@link Cell#initialState} and every step give {@link Cell#stateCount()}
 *       tensors of [B, H];</li>
 *   <li>batch independence: row i of a batch equals sequence i stepped alone;</li>
 *   <li>both dtypes: a FLOAT32 cell given a FLOAT64 cell's parameters agrees with it, and every
 *       parameter and state has the configured dtype and backend;</li>
 *   <li>seeded initialisation: one seed, one set of parameters; another seed, others;</li>
 *   <li>stacked, bidirectional and packed (variable-length) layers built from the cell equal its
 *       cells stepped one sequence at a time, and every parameter gets a finite gradient;</li>
 *   <li>a {@link StateDict} round trip gives a fresh layer identical outputs;</li>
 *   <li>streaming, chunk by chunk through a {@link StatefulLayer}, equals one full pass;</li>
 *   <li>threads: one layer run from 8 threads at once gives every call the single-thread output
 *       (a cell keeps no per-step state in its fields).</li>
 * </ul>
 *
 * <p>The layer checks run in FLOAT32 and FLOAT64 and build layers with
 * {@link RecurrentLayer#builder(CellProvider)}, so no service registration is needed. Comparisons
 * allow {@link #tolerance} relative to {@code max(1, |expected|)}; every failure names the cell,
 * the check, the tensor and the element, and an exception thrown by the cell is reported as a
 * failure of the check that called it.
 */
@ExtendWith(CellCompatibilityKit.Labelled.class)
public abstract class CellCompatibilityKit {
    private static final Map<Class<?>, Backend> BACKENDS = new ConcurrentHashMap<>();
    private static final int INPUT = 3;
    private static final int HIDDEN = 4;
    private static final int BATCH = 3;
    private static final int STEPS = 5;

    /** The provider of the cell under test. */
    protected abstract CellProvider provider();

    /** The backend the cells run on; the reference backend unless overridden. Called once per kit class. */
    protected Backend backend() {
        return new ReferenceBackend();
    }

    /** Cell options passed to every cell and layer ({@link CellConfig#options()}); none by default. */
    protected Map<String, String> options() {
        return Map.of();
    }

    /**
     * The parameter names the cell should have, before the suffix, in {@link Cell#parameters()}
     * order; by default PyTorch's {@code weight_ih, weight_hh, bias_ih, bias_hh}, the first two
     * without biases, as the {@link Cell} contract asks.
     */
    protected List<String> parameterNames(boolean bias) {
        return bias ? List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh") : List.of("weight_ih", "weight_hh");
    }

    /** Allowed difference relative to {@code max(1, |expected|)}: 1e-9 in FLOAT64, 1e-4 in FLOAT32. */
    protected double tolerance(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-9 : 1e-4;
    }

    /** Largest gradient error allowed, as {@link GradientCheck.Report#maxError()} measures it. */
    protected double gradientTolerance() {
        return 1e-6;
    }

    // ---------------------------------------------------------------- the checks

    @ParameterizedTest(name = "bias={0}")
    @ValueSource(booleans = {true, false})
    @DisplayName("gradients of three steps match central differences in float64")
    void gradientsMatchFiniteDifferences(boolean bias) {
        try (TensorScope scope = TensorScope.open()) {
            Cell cell = cell(DType.FLOAT64, INPUT, bias, "", 5);
            int batch = 2;
            List<Variable> leaves = new ArrayList<>(cell.parameters());
            List<Variable> xs = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                xs.add(Variable.input(tensor(CellData.random(batch * INPUT, 100 + t, DType.FLOAT64),
                        Shape.of(batch, INPUT), DType.FLOAT64), "x" + t));
            }
            List<Variable> start = new ArrayList<>();
            for (int i = 0; i < cell.stateCount(); i++) {
                start.add(Variable.input(tensor(CellData.random(batch * HIDDEN, 200 + i, DType.FLOAT64),
                        Shape.of(batch, HIDDEN), DType.FLOAT64), "state" + i));
            }
            leaves.addAll(xs);
            leaves.addAll(start);
            Supplier<Variable> states = () -> {
                CellState s = new CellState(start);
                List<Variable> all = new ArrayList<>();
                for (Variable x : xs) {
                    s = cell.step(x, s);
                    all.addAll(s.parts());
                }
                return Ops.concat(1, all);
            };
            GradientCheck.Report report = GradientCheck.run(leaves, states, 17);
            assertTrue(report.maxError() <= gradientTolerance(), () -> label("gradients, bias=" + bias)
                    + ": the backward pass differs from central differences by " + report.maxError() + " (> "
                    + gradientTolerance() + ") at " + report.where());
        }
    }

    @Test
    @DisplayName("parameters carry PyTorch's names in order, with the layer suffix")
    void parameterNamesFollowPyTorch() {
        try (TensorScope scope = TensorScope.open()) {
            for (boolean bias : new boolean[] {true, false}) {
                for (String suffix : List.of("", "_l0", "_l1_reverse")) {
                    Cell cell = cell(DType.FLOAT64, INPUT, bias, suffix, 3);
                    List<String> expected = parameterNames(bias).stream().map(n -> n + suffix).toList();
                    List<String> actual = cell.parameters().stream().map(Parameter::name).toList();
                    assertEquals(expected, actual, label("names, bias=" + bias + ", suffix '" + suffix + "'")
                            + ": parameters() in order");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    @DisplayName("initialState and every step hold stateCount() tensors of [B, H]")
    void stateCountIsConsistent(DType dtype) {
        try (TensorScope scope = TensorScope.open()) {
            Cell cell = cell(dtype, INPUT, true, "", 7);
            int count = cell.stateCount();
            assertTrue(count >= 1, label("state count") + ": stateCount() is " + count);
            CellState state = cell.initialState(BATCH);
            assertState("initialState(" + BATCH + ")", cell, state, dtype);
            for (Variable part : state.parts()) {
                for (double v : part.value().toDoubleArray()) {
                    assertEquals(0.0, v, label("state count") + ": initialState(" + BATCH + ") is not zero");
                }
            }
            for (int t = 0; t < 2; t++) {
                state = cell.step(input(dtype, BATCH, 300 + t), state);
                assertState("step " + t, cell, state, dtype);
            }
            RecurrentLayer layer = layer(dtype, 1, false, 7);
            LayerOutput out = layer.forward(Variable.constant(tensor(CellData.random(STEPS * BATCH * INPUT, 8, dtype),
                    Shape.of(STEPS, BATCH, INPUT), dtype)));
            assertEquals(count, out.finalState().size(), label("state count") + ": a layer's final state tensors");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    @DisplayName("row i of a batch equals sequence i stepped alone")
    void batchRowsAreIndependent(DType dtype) {
        try (TensorScope scope = TensorScope.open()) {
            Cell cell = cell(dtype, INPUT, true, "", 9);
            List<double[]> xs = new ArrayList<>();
            for (int t = 0; t < STEPS; t++) {
                xs.add(CellData.random(BATCH * INPUT, 400 + t, dtype));
            }
            List<double[]> start = new ArrayList<>();
            for (int i = 0; i < cell.stateCount(); i++) {
                start.add(CellData.random(BATCH * HIDDEN, 500 + i, dtype));
            }
            List<List<double[]>> together = steps(cell, xs, start, BATCH, dtype);
            for (int b = 0; b < BATCH; b++) {
                int row = b;
                List<double[]> rowXs = xs.stream().map(x -> rows(x, row, INPUT)).toList();
                List<double[]> rowStart = start.stream().map(s -> rows(s, row, HIDDEN)).toList();
                List<List<double[]>> alone = steps(cell, rowXs, rowStart, 1, dtype);
                for (int t = 0; t < STEPS; t++) {
                    for (int i = 0; i < cell.stateCount(); i++) {
                        CellData.assertClose(label("batch independence, " + dtype) + ": state " + i + " of row " + b
                                        + " at step " + t + " in a batch of " + BATCH + " vs alone",
                                alone.get(t).get(i), rows(together.get(t).get(i), b, HIDDEN), Shape.of(1, HIDDEN),
                                tolerance(dtype));
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("a float32 cell agrees with a float64 cell of the same parameters; dtypes and backend as configured")
    void bothDtypesAgree() {
        try (TensorScope scope = TensorScope.open()) {
            Cell wide = cell(DType.FLOAT64, INPUT, true, "", 13);
            Cell narrow = cell(DType.FLOAT32, INPUT, true, "", 13);
            for (Cell c : List.of(wide, narrow)) {
                DType dtype = c == wide ? DType.FLOAT64 : DType.FLOAT32;
                String what = label("dtypes, " + dtype);
                assertEquals(dtype, c.dtype(), what + ": dtype()");
                assertSame(subject(), c.backend(), what + ": backend()");
                assertEquals(INPUT, c.inputSize(), what + ": inputSize()");
                assertEquals(HIDDEN, c.hiddenSize(), what + ": hiddenSize()");
                for (Parameter p : c.parameters()) {
                    assertEquals(dtype, p.dtype(), what + ": parameter " + p.name() + "'s dtype");
                    assertSame(subject(), p.backend(), what + ": parameter " + p.name() + "'s backend");
                }
            }
            assertEquals(wide.parameters().size(), narrow.parameters().size(), label("dtypes") + ": parameter count");
            for (int i = 0; i < wide.parameters().size(); i++) {
                Parameter from = wide.parameters().get(i);
                Parameter to = narrow.parameters().get(i);
                assertEquals(from.shape(), to.shape(), label("dtypes") + ": shape of parameter " + to.name());
                to.set(subject().cast(from.value(), DType.FLOAT32));
            }
            List<double[]> xs = new ArrayList<>();
            for (int t = 0; t < STEPS; t++) {
                xs.add(CellData.random(BATCH * INPUT, 600 + t, DType.FLOAT32));
            }
            List<double[]> start = new ArrayList<>();
            for (int i = 0; i < wide.stateCount(); i++) {
                start.add(CellData.random(BATCH * HIDDEN, 700 + i, DType.FLOAT32));
            }
            List<List<double[]>> expected = steps(wide, xs, start, BATCH, DType.FLOAT64);
            List<List<double[]>> actual = steps(narrow, xs, start, BATCH, DType.FLOAT32);
            for (int t = 0; t < STEPS; t++) {
                for (int i = 0; i < wide.stateCount(); i++) {
                    CellData.assertClose(label("dtypes") + ": float32 state " + i + " at step " + t + " vs float64",
                            expected.get(t).get(i), actual.get(t).get(i), Shape.of(BATCH, HIDDEN),
                            tolerance(DType.FLOAT32));
                }
            }
        }
    }

    @Test
    @DisplayName("one seed gives one set of parameters, another seed another")
    void initialisationIsSeeded() {
        try (TensorScope scope = TensorScope.open()) {
            List<Parameter> first = cell(DType.FLOAT64, INPUT, true, "", 21).parameters();
            List<Parameter> again = cell(DType.FLOAT64, INPUT, true, "", 21).parameters();
            List<Parameter> other = cell(DType.FLOAT64, INPUT, true, "", 22).parameters();
            boolean differs = false;
            for (int i = 0; i < first.size(); i++) {
                double[] a = first.get(i).value().toDoubleArray();
                assertTrue(Arrays.equals(a, again.get(i).value().toDoubleArray()), label("seeding")
                        + ": two cells of seed 21 differ in " + first.get(i).name());
                differs |= !Arrays.equals(a, other.get(i).value().toDoubleArray());
            }
            assertTrue(differs, label("seeding") + ": cells of seeds 21 and 22 hold the same parameters");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    @DisplayName("a stacked layer of two equals its cells stepped one sequence at a time")
    void stackedLayerMatchesSteppedCells(DType dtype) {
        try (TensorScope scope = TensorScope.open()) {
            checkLayer("stacked layer, " + dtype, layer(dtype, 2, false, 31), null);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    @DisplayName("a bidirectional layer of two equals its cells stepped one sequence at a time, both ways")
    void bidirectionalLayerMatchesSteppedCells(DType dtype) {
        try (TensorScope scope = TensorScope.open()) {
            RecurrentLayer layer = layer(dtype, 2, true, 37);
            checkLayer("bidirectional layer, " + dtype, layer, null);
            for (int l = 0; l < layer.numLayers(); l++) {
                List<Parameter> forward = layer.cells().get(2 * l).parameters();
                List<Parameter> backward = layer.cells().get(2 * l + 1).parameters();
                boolean differs = false;
                for (int i = 0; i < Math.min(forward.size(), backward.size()); i++) {
                    differs |= !Arrays.equals(forward.get(i).value().toDoubleArray(),
                            backward.get(i).value().toDoubleArray());
                }
                assertTrue(differs, label("bidirectional layer, " + dtype) + ": layer " + l
                        + "'s two directions hold the same parameters (each cell must draw its own from its seed)");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    @DisplayName("a packed bidirectional layer equals each sequence stepped alone over its own length")
    void packedLayerMatchesEachSequenceAlone(DType dtype) {
        try (TensorScope scope = TensorScope.open()) {
            checkLayer("packed layer, " + dtype, layer(dtype, 1, true, 41), new int[] {2, STEPS, 1});
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    @DisplayName("a layer saved as a state dict and loaded into a fresh one computes the same")
    void stateDictRoundTrip(DType dtype) throws IOException {
        Path folder = Files.createTempDirectory("jrnn-cell-kit");
        Path file = folder.resolve("layer.safetensors");
        try (TensorScope scope = TensorScope.open()) {
            RecurrentLayer saved = layer(dtype, 2, true, 43);
            RecurrentLayer loaded = layer(dtype, 2, true, 44);
            StateDict.save(file, saved.parameters());
            StateDict.load(file, loaded.parameters());
            assertEquals(names(saved), names(loaded), label("state dict, " + dtype) + ": parameter names");
            Variable x = Variable.constant(tensor(CellData.random(STEPS * BATCH * INPUT, 45, dtype),
                    Shape.of(STEPS, BATCH, INPUT), dtype));
            LayerOutput expected = saved.forward(x);
            LayerOutput actual = loaded.forward(x);
            CellData.assertClose(label("state dict, " + dtype) + ": output after the round trip",
                    expected.output().value().toDoubleArray(), actual.output().value(), expected.output().shape(), 0.0);
            for (int i = 0; i < expected.finalState().size(); i++) {
                CellData.assertClose(label("state dict, " + dtype) + ": final state " + i + " after the round trip",
                        expected.finalState().get(i).value().toDoubleArray(), actual.finalState().get(i).value(),
                        expected.finalState().get(i).shape(), 0.0);
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(folder);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    @DisplayName("streaming chunks of 2, 1 and 2 steps through a StatefulLayer equals one full pass")
    void streamingMatchesFullPass(DType dtype) {
        try (TensorScope scope = TensorScope.open()) {
            RecurrentLayer layer = layer(dtype, 2, false, 47);
            Variable x = Variable.constant(tensor(CellData.random(STEPS * BATCH * INPUT, 48, dtype),
                    Shape.of(STEPS, BATCH, INPUT), dtype));
            LayerOutput full = layer.forward(x);
            double[] whole = full.output().value().toDoubleArray();
            StatefulLayer stream = new StatefulLayer(layer);
            int width = BATCH * HIDDEN;
            int t = 0;
            for (int chunk : new int[] {2, 1, 2}) {
                try (TensorScope step = TensorScope.open()) {
                    Variable part = Variable.constant(subject().slice(x.value(), 0, t, t + chunk));
                    double[] out = stream.forward(part).output().value().toDoubleArray();
                    CellData.assertClose(label("streaming, " + dtype) + ": output of steps " + t + ".." + (t + chunk - 1),
                            Arrays.copyOfRange(whole, t * width, (t + chunk) * width), out,
                            Shape.of(chunk, BATCH, HIDDEN), tolerance(dtype));
                    stream.keepStateIn(step);
                }
                t += chunk;
            }
            for (int i = 0; i < full.finalState().size(); i++) {
                CellData.assertClose(label("streaming, " + dtype) + ": carried state " + i + " after the last chunk",
                        full.finalState().get(i).value().toDoubleArray(), stream.state().get(i).value(),
                        full.finalState().get(i).shape(), tolerance(dtype));
            }
            stream.reset();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    @DisplayName("one layer run from 8 threads at once gives every call the single-thread output")
    void layerIsSafeFromManyThreads(DType dtype) throws Exception {
        int threads = 8;
        try (TensorScope scope = TensorScope.open()) {
            RecurrentLayer layer = layer(dtype, 2, false, 53);
            List<double[]> inputs = new ArrayList<>();
            List<double[]> expected = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                inputs.add(CellData.random(STEPS * BATCH * INPUT, 60 + i, dtype));
                expected.add(forwardAlone(layer, inputs.get(i), dtype));
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = t;
                    results.add(pool.submit(() -> {
                        long until = System.nanoTime() + 200_000_000L;
                        for (int call = 0; call < 40 || System.nanoTime() < until; call++) {
                            int i = (first + call) % threads;
                            double[] got = forwardAlone(layer, inputs.get(i), dtype);
                            if (!Arrays.equals(expected.get(i), got)) {
                                return "thread " + first + ", call " + call + ": the output of input " + i
                                        + " differs from the single-thread output";
                            }
                        }
                        return null;
                    }));
                }
                for (Future<String> r : results) {
                    String failure = r.get();
                    assertTrue(failure == null, () -> label("threads, " + dtype) + ": " + failure
                            + " (a layer runs one cell on many threads at once: step() must not keep state in the"
                            + " cell's fields)");
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** The layer's output for host input {@code x} [T, B, I], in a scope of its own, without a graph. */
    private double[] forwardAlone(RecurrentLayer layer, double[] x, DType dtype) {
        try (TensorScope scope = TensorScope.open(); Autograd.NoGrad off = Autograd.noGrad()) {
            return layer.forward(Variable.constant(tensor(x, Shape.of(STEPS, BATCH, INPUT), dtype))).output().value()
                    .toDoubleArray();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Turns an exception thrown by the cell into a failure that names the cell and the check. */
    static final class Labelled implements TestExecutionExceptionHandler {
        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
            if (thrown instanceof AssertionError || !(context.getTestInstance().orElse(null) instanceof CellCompatibilityKit kit)) {
                throw thrown;
            }
            String check = context.getRequiredTestMethod().getName() + " " + context.getDisplayName();
            throw new AssertionError(kit.label(check) + ": the cell threw " + thrown, thrown);
        }
    }

    /** "cell 'NAME' (CHECK)", the start of every failure message. */
    private String label(String check) {
        return "cell '" + provider().name() + "' (" + check + ")";
    }

    private Backend subject() {
        return BACKENDS.computeIfAbsent(getClass(), k -> backend());
    }

    private Cell cell(DType dtype, int inputSize, boolean bias, String suffix, long seed) {
        CellConfig config = new CellConfig(subject(), dtype, inputSize, HIDDEN, bias, suffix, seed, options());
        Cell cell = provider().create(config);
        assertNotNull(cell, label("create") + ": the provider returned null");
        return cell;
    }

    private RecurrentLayer layer(DType dtype, int layers, boolean bidirectional, long seed) {
        RecurrentLayerBuilder b = RecurrentLayer.builder(provider()).backend(subject()).dtype(dtype)
                .inputSize(INPUT).hiddenSize(HIDDEN).numLayers(layers).bidirectional(bidirectional).seed(seed);
        options().forEach(b::option);
        return b.build();
    }

    private Tensor tensor(double[] data, Shape shape, DType dtype) {
        return subject().fromArray(data, shape, dtype);
    }

    private Variable input(DType dtype, int batch, long seed) {
        return Variable.constant(tensor(CellData.random(batch * INPUT, seed, dtype), Shape.of(batch, INPUT), dtype));
    }

    private void assertState(String when, Cell cell, CellState state, DType dtype) {
        String what = label("state count") + ": " + when;
        assertEquals(cell.stateCount(), state.size(), what + " holds " + state.size()
                + " tensors, stateCount() says " + cell.stateCount());
        for (int i = 0; i < state.size(); i++) {
            assertEquals(Shape.of(BATCH, HIDDEN), state.get(i).shape(), what + ": shape of state " + i);
            assertEquals(dtype, state.get(i).dtype(), what + ": dtype of state " + i);
        }
    }

    /** Steps {@code cell} over host inputs from a host state; the state parts after every step. */
    private List<List<double[]>> steps(Cell cell, List<double[]> xs, List<double[]> start, int batch, DType dtype) {
        List<Variable> parts = new ArrayList<>();
        for (double[] s : start) {
            parts.add(Variable.constant(tensor(s, Shape.of(batch, HIDDEN), dtype)));
        }
        CellState state = new CellState(parts);
        List<List<double[]>> after = new ArrayList<>();
        for (double[] x : xs) {
            state = cell.step(Variable.constant(tensor(x, Shape.of(batch, INPUT), dtype)), state);
            List<double[]> values = new ArrayList<>();
            for (Variable v : state.parts()) {
                values.add(v.value().toDoubleArray());
            }
            after.add(values);
        }
        return after;
    }

    /** Row {@code b} of a row-major [B, width] array. */
    private static double[] rows(double[] data, int b, int width) {
        return Arrays.copyOfRange(data, b * width, (b + 1) * width);
    }

    private static List<String> names(RecurrentLayer layer) {
        return layer.parameters().stream().map(Parameter::name).toList();
    }

    /**
     * Runs {@code layer} on seeded input and initial states (zero past each sequence's length, as
     * padding is) and compares it with {@link SteppedCells}; checks its parameters' names and that
     * back-propagation gives each a finite, non-zero gradient.
     */
    private void checkLayer(String check, RecurrentLayer layer, int[] lengths) {
        DType dtype = layer.dtype();
        String what = label(check);
        List<String> suffixes = new ArrayList<>();
        for (int l = 0; l < layer.numLayers(); l++) {
            suffixes.add("_l" + l);
            if (layer.directions() == 2) {
                suffixes.add("_l" + l + "_reverse");
            }
        }
        List<String> expectedNames = new ArrayList<>();
        for (String suffix : suffixes) {
            parameterNames(true).forEach(n -> expectedNames.add(n + suffix));
        }
        assertEquals(expectedNames, names(layer), what + ": parameter names in order");
        Set<Parameter> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(layer.parameters());
        assertEquals(layer.parameters().size(), distinct.size(), what + ": the cells share a Parameter object");

        double[] input = CellData.random(STEPS * BATCH * INPUT, 50, dtype);
        if (lengths != null) {
            for (int t = 0; t < STEPS; t++) {
                for (int b = 0; b < BATCH; b++) {
                    if (t >= lengths[b]) {
                        Arrays.fill(input, (t * BATCH + b) * INPUT, (t * BATCH + b + 1) * INPUT, 0.0);
                    }
                }
            }
        }
        int stack = layer.numLayers() * layer.directions();
        Shape stateShape = Shape.of(stack, BATCH, HIDDEN);
        List<double[]> initial = new ArrayList<>();
        List<Variable> initialState = new ArrayList<>();
        for (int i = 0; i < layer.stateCount(); i++) {
            double[] s = CellData.random(stateShape.size(), 60 + i, dtype);
            initial.add(s);
            initialState.add(Variable.constant(tensor(s, stateShape, dtype)));
        }
        LayerOutput out = layer.forward(Variable.constant(tensor(input, Shape.of(STEPS, BATCH, INPUT), dtype)),
                initialState, lengths);
        Expected expected = SteppedCells.run(layer, input, STEPS, BATCH, initial, lengths);
        CellData.assertClose(what + ": output vs the cells stepped one sequence at a time", expected.output(),
                out.output().value(), Shape.of(STEPS, BATCH, layer.directions() * HIDDEN), tolerance(dtype));
        for (int i = 0; i < layer.stateCount(); i++) {
            CellData.assertClose(what + ": final state " + i + " vs the cells stepped one sequence at a time",
                    expected.finals().get(i), out.finalState().get(i).value(), stateShape, tolerance(dtype));
        }

        Tensor weights = tensor(CellData.random(out.output().value().size(), 70, dtype), out.output().shape(), dtype);
        Autograd.backward(Ops.sum(Ops.mul(out.output(), Variable.constant(weights))));
        for (Parameter p : layer.parameters()) {
            Tensor grad = p.grad();
            assertNotNull(grad, what + ": no gradient reached " + p.name());
            boolean nonZero = false;
            for (double g : grad.toDoubleArray()) {
                assertTrue(Double.isFinite(g), what + ": gradient of " + p.name() + " holds " + g);
                nonZero |= g != 0.0;
            }
            assertTrue(nonZero, what + ": the gradient of " + p.name() + " is zero: does step() use it?");
        }
    }
}

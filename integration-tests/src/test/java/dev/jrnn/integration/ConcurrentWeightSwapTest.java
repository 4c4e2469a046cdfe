package dev.jrnn.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Backends;
import dev.jrnn.models.io.StateDict;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.train.Model;
import dev.jrnn.models.train.SequenceRegressor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One model serves forward passes on 8 threads while another thread keeps replacing its weights,
 * alternating between two weight sets, by {@code StateDict.load} of two files and by direct
 * {@link Parameter#setAll}: no crash, no exception, and every output is exactly the output of
 * one of the two sets.
 */
class ConcurrentWeightSwapTest {
    private static final int READERS = 8;
    private static final long RUN_NANOS = 2_000_000_000L;
    private static final int STEPS = 6;
    private static final int BATCH = 3;
    private static final int INPUTS = 4;
    private static final int HIDDEN = 16;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} on {1}{2}")
    @CsvSource({"lstm, reference, ''", "gru, reference, ''", "lstm, ejml, ''", "gru, ejml, ''", "lstm, nd4j, ''",
        "gru, nd4j, ''", "lstm, ejml, ' with a linear head'", "lstm, nd4j, ' with a linear head'"})
    @DisplayName("8 threads run the model while its weights are swapped: each output is set A's or set B's")
    void readersSeeOneWeightSet(String cell, String backendName, String head) throws Exception {
        Backend be = Backends.get(backendName);
        assertEquals(backendName, be.name(), "the backend asked for runs");
        boolean withHead = !head.isEmpty();
        Model served = model(cell, be, withHead, 1);
        Path fileA = dir.resolve("a.safetensors");
        Path fileB = dir.resolve("b.safetensors");
        StateDict.save(fileA, model(cell, be, withHead, 2).parameters());
        StateDict.save(fileB, model(cell, be, withHead, 3).parameters());
        List<double[]> hostA = host(fileA, cell, be, withHead);
        List<double[]> hostB = host(fileB, cell, be, withHead);
        Tensor x = input(be);
        Function<Model, float[]> run = m -> {
            try (TensorScope scope = TensorScope.open(); Autograd.NoGrad off = Autograd.noGrad()) {
                return m.forward(Variable.constant(x)).value().toFloatArray();
            }
        };
        StateDict.load(fileA, served.parameters());
        float[] outA = run.apply(served);
        StateDict.load(fileB, served.parameters());
        float[] outB = run.apply(served);
        assertFalse(Arrays.equals(outA, outB), "the two weight sets give different outputs");
        long unclosed = be.memory().unclosedTensors();

        Tally tally = new Tally();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        long deadline = System.nanoTime() + RUN_NANOS;
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    while (System.nanoTime() < deadline) {
                        tally.count(run.apply(served), outA, outB);
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }, "reader-" + r));
        }
        threads.add(new Thread(() -> {
            try {
                start.await();
                for (int i = 0; System.nanoTime() < deadline; i++) {
                    boolean a = i % 2 == 0;
                    if (i % 4 < 2) {
                        StateDict.load(a ? fileA : fileB, served.parameters());
                        tally.loads.incrementAndGet();
                    } else {
                        Parameter.setAll(values(served.parameters(), a ? hostA : hostB));
                        tally.direct.incrementAndGet();
                    }
                }
            } catch (Throwable t) {
                failures.add(t);
            }
        }, "swapper"));
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread t : threads) {
            t.join(RUN_NANOS / 1_000_000 + 60_000);
        }
        System.out.printf("%s on %s%s: %d outputs checked, %d of set A, %d of set B, %d of neither; %d swaps"
                        + " (%d state_dict loads, %d direct)%n", cell, backendName, head, tally.checked(), tally.a.get(),
                tally.b.get(), tally.neither.get(), tally.loads.get() + tally.direct.get(), tally.loads.get(),
                tally.direct.get());

        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " thread(s) failed; the first:", failures.peek());
        }
        assertTrue(threads.stream().noneMatch(Thread::isAlive), "every thread finished");
        assertEquals(0, tally.neither.get(), "outputs that match neither weight set");
        assertTrue(tally.a.get() > 0 && tally.b.get() > 0, "both weight sets were served");
        assertTrue(tally.loads.get() + tally.direct.get() >= 4, "weights were swapped while the readers ran");
        assertEquals(unclosed, be.memory().unclosedTensors(), "replaced weights and the passes' tensors are closed");
        x.close();
    }

    /** The recurrent layer alone, or with a linear head ({@link SequenceRegressor}); both sequence first. */
    private static Model model(String cell, Backend be, boolean withHead, long seed) {
        RecurrentLayer layer = RecurrentLayer.builder(cell).backend(be).dtype(DType.FLOAT32).inputSize(INPUTS)
                .hiddenSize(HIDDEN).numLayers(2).seed(seed).build();
        layer.train(false);
        if (withHead) {
            return new SequenceRegressor(layer, 2, seed);
        }
        return new Model() {
            @Override
            public List<Parameter> parameters() {
                return layer.parameters();
            }

            @Override
            public Variable forward(Variable input) {
                return layer.forward(input).output();
            }
        };
    }

    /** The input: [T, B, I] for the layer; the regressor reads it as [B', T', I], which is as good a test. */
    private static Tensor input(Backend be) {
        SplittableRandom random = new SplittableRandom(11);
        double[] v = new double[STEPS * BATCH * INPUTS];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextDouble(-1, 1);
        }
        return be.fromArray(v, Shape.of(STEPS, BATCH, INPUTS), DType.FLOAT32);
    }

    /** The weight set of {@code file}, on the host, in parameter order. */
    private static List<double[]> host(Path file, String cell, Backend be, boolean withHead) throws Exception {
        Model m = model(cell, be, withHead, 0);
        StateDict.load(file, m.parameters());
        List<double[]> values = new ArrayList<>();
        for (Parameter p : m.parameters()) {
            values.add(p.value().toDoubleArray());
        }
        return values;
    }

    private static Map<Parameter, Tensor> values(List<Parameter> parameters, List<double[]> host) {
        Map<Parameter, Tensor> values = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            values.put(p, p.backend().fromArray(host.get(i), p.shape(), p.dtype()));
        }
        return values;
    }

    /** Counts of outputs by the weight set they match, and of swaps by kind. */
    private static final class Tally {
        final AtomicLong a = new AtomicLong();
        final AtomicLong b = new AtomicLong();
        final AtomicLong neither = new AtomicLong();
        final AtomicLong loads = new AtomicLong();
        final AtomicLong direct = new AtomicLong();

        void count(float[] out, float[] outA, float[] outB) {
            (Arrays.equals(out, outA) ? a : Arrays.equals(out, outB) ? b : neither).incrementAndGet();
        }

        long checked() {
            return a.get() + b.get() + neither.get();
        }
    }
}

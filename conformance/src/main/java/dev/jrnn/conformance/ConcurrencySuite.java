package dev.jrnn.conformance;

import dev.jrnn.api.DType;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.backend.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Thread safety: every op (primitives and composites) is called from {@value #THREADS} threads at
 * once, each on inputs of its own, over and over, and every result must equal what the same op
 * gave that thread's inputs on a single thread. An op that shares a scratch buffer or any other
 * mutable state between calls fails here. The ops run one after the other, each by all threads at
 * once, so that two threads are inside the same op as often as possible.
 */
@Family(OpFamily.CONCURRENCY)
public interface ConcurrencySuite extends KitSuite {
    /** Threads calling each op at once. */
    int THREADS = 8;
    /** Each thread calls each op at least this many times... */
    int MIN_CALLS = 3;
    /** ...and for at least this long, in milliseconds. */
    int MIN_MILLIS = 5;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("every op called from 8 threads at once, each on its own inputs, gives its single-thread results")
    default void opsFromManyThreads(DType dtype) throws Exception {
        Backend be = subject();
        List<ThreadInputs> inputs = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            inputs.add(new ThreadInputs(be, oracle(), dtype, SEED + 1000L * t));
        }
        double rel = kit().tolerance(dtype);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread thread = new Thread(r, "kit-concurrency");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (ConcurrentOp op : ConcurrentOp.all(kit().dtypes())) {
                List<double[][]> expected = new ArrayList<>();
                for (ThreadInputs in : inputs) {
                    TensorScope scope = TensorScope.open();
                    try {
                        expected.add(values(op.apply(be, in)));
                    } finally {
                        scope.close();
                    }
                }
                CyclicBarrier start = new CyclicBarrier(THREADS);
                List<Future<String>> outcomes = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    outcomes.add(pool.submit(() -> calls(be, op, inputs.get(thread), expected.get(thread), rel, thread,
                            start)));
                }
                for (Future<String> outcome : outcomes) {
                    String failure = outcome.get();
                    if (failure != null) {
                        throw new AssertionError(op.name() + " " + dtype + " called from " + THREADS
                                + " threads at once: " + failure);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One thread's calls of {@code op}: null when every result matched, else what went wrong first. */
    private static String calls(Backend be, ConcurrentOp op, ThreadInputs in, double[][] expected, double rel, int thread,
                                CyclicBarrier start) throws Exception {
        start.await();
        long end = System.nanoTime() + MIN_MILLIS * 1_000_000L;
        for (int call = 0; call < MIN_CALLS || System.nanoTime() < end; call++) {
            TensorScope scope = TensorScope.open();
            try {
                double[][] got = values(op.apply(be, in));
                String mismatch = mismatch(expected, got, rel);
                if (mismatch != null) {
                    return "thread " + thread + ", call " + call + ": " + mismatch + " (single-thread result vs this call)";
                }
            } catch (RuntimeException | Error e) {
                return "thread " + thread + ", call " + call + " threw " + e;
            } finally {
                scope.close();
            }
        }
        return null;
    }

    private static double[][] values(List<Tensor> results) {
        double[][] v = new double[results.size()][];
        for (int i = 0; i < v.length; i++) {
            v[i] = results.get(i) == null ? null : results.get(i).toDoubleArray();
        }
        return v;
    }

    /** Where {@code got} differs from {@code expected} beyond {@code rel} of the part's largest magnitude, or null. */
    private static String mismatch(double[][] expected, double[][] got, double rel) {
        for (int part = 0; part < expected.length; part++) {
            double[] e = expected[part];
            double[] a = got[part];
            if (e == null && a == null) {
                continue;
            }
            if (e == null || a == null || e.length != a.length) {
                return "result " + part + " has " + (a == null ? "no" : a.length) + " elements, expected "
                        + (e == null ? "none" : e.length);
            }
            double largest = 1e-3;
            for (double v : e) {
                largest = Double.isFinite(v) ? Math.max(largest, Math.abs(v)) : largest;
            }
            for (int i = 0; i < e.length; i++) {
                boolean same = Double.isFinite(e[i]) ? Math.abs(e[i] - a[i]) <= rel * largest : Double.compare(e[i], a[i]) == 0;
                if (!same) {
                    return String.format(Locale.ROOT, "result %d element %d is %.17g, expected %.17g", part, i, a[i], e[i]);
                }
            }
        }
        return null;
    }
}

package dev.jrnn.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.autograd.WeightGuard;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.io.StateDict;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.loss.Loss;
import dev.jrnn.models.optim.Adam;
import dev.jrnn.models.optim.Sgd;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("a model trains while other threads serve it and replace its weights")
class ServingWhileTrainingTest {
    private final Backend be = new ReferenceBackend();

    @TempDir
    Path dir;

    private SequenceRegressor model(long seed) {
        RecurrentLayer lstm = RecurrentLayer.builder("lstm").backend(be).dtype(DType.FLOAT64).inputSize(1)
                .hiddenSize(6).batchFirst(true).seed(seed).build();
        return new SequenceRegressor(lstm, 1, seed);
    }

    @Test
    @DisplayName("Trainer.fit, 3 serving threads and a thread loading a state_dict run together without error or deadlock")
    void trainingServingAndLoading() throws Exception {
        SequenceRegressor model = model(1);
        Path file = dir.resolve("other.safetensors");
        StateDict.save(file, model(2).parameters());
        Dataset data = SineWaves.noisySine(48, 6, 3);
        Tensor x;
        try (TensorScope scope = TensorScope.open()) {
            x = scope.keep(data.inputs(new int[] {0, 1, 2}, be, DType.FLOAT64));
        }
        AtomicBoolean training = new AtomicBoolean(true);
        AtomicLong served = new AtomicLong();
        AtomicLong loads = new AtomicLong();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            threads.add(new Thread(() -> {
                try {
                    while (training.get()) {
                        try (TensorScope scope = TensorScope.open(); Autograd.NoGrad off = Autograd.noGrad()) {
                            for (double v : model.forward(Variable.constant(x)).value().toDoubleArray()) {
                                assertTrue(Double.isFinite(v), "output " + v);
                            }
                        }
                        served.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        threads.add(new Thread(() -> {
            try {
                while (training.get()) {
                    StateDict.load(file, model.parameters());
                    loads.incrementAndGet();
                    Thread.sleep(2);
                }
            } catch (Throwable t) {
                failures.add(t);
            }
        }));
        threads.forEach(t -> {
            t.setDaemon(true);
            t.start();
        });
        try {
            Trainer.builder().epochs(4).batchSize(8).seed(5).loss(Loss.mse()).optimizer(ps -> new Adam(ps, 0.01))
                    .build().fit(model, data, data.range(0, 8));
        } finally {
            training.set(false);
        }
        for (Thread t : threads) {
            t.join(30_000);
            assertFalse(t.isAlive(), "a thread is stuck");
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " thread(s) failed; the first:", failures.peek());
        }
        assertTrue(served.get() > 0 && loads.get() > 0, served + " passes served, " + loads + " loads");
        for (Parameter p : model.parameters()) {
            assertFalse(p.value().isClosed(), p.name());
        }
        x.close();
    }

    @Test
    @DisplayName("an optimizer step inside the thread's own lease throws at once and changes nothing")
    void stepInsideOwnLeaseThrows() {
        SequenceRegressor model = model(1);
        Sgd sgd = new Sgd(model.parameters(), 0.1);
        try (TensorScope scope = TensorScope.open()) {
            Variable x = Variable.constant(be.zeros(Shape.of(2, 3, 1), DType.FLOAT64));
            Autograd.backward(Ops.sum(model.forward(x)));
            Parameter.keepAll(scope, model.parameters());
        }
        List<Tensor> before = model.parameters().stream().map(Parameter::value).toList();
        try (WeightGuard.Lease lease = model.guard().read()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, sgd::step);
            assertTrue(e.getMessage().contains("holds a lease on the weights"), e.getMessage());
        }
        for (int i = 0; i < before.size(); i++) {
            assertSame(before.get(i), model.parameters().get(i).value());
        }
        sgd.step();
        assertEquals(before.size(), before.stream().filter(Tensor::isClosed).count(), "the step replaced every value");
    }
}

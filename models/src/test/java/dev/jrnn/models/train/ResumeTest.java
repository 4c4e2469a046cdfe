package dev.jrnn.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.optim.Adam;
import dev.jrnn.models.optim.LearningRateSchedule;
import dev.jrnn.models.optim.ReduceLrOnPlateau;
import dev.jrnn.models.optim.Sgd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints and resume: a run that crashes after a checkpoint and is resumed in a fresh object
 * graph ends with the very weights and history of the run that never stopped.
 */
@DisplayName("checkpoints and bit-identical resume")
class ResumeTest {
    private static final Dataset TRAIN = SineWaves.noisySine(40, 8, 1);
    private static final Dataset VALIDATION = SineWaves.noisySine(16, 8, 2);

    @TempDir
    Path dir;

    /** A fresh model, built as a user's program would build it after a restart. */
    private static SequenceRegressor model(DType dtype) {
        Backend be = new ReferenceBackend();
        RecurrentLayer lstm = RecurrentLayer.builder("lstm").backend(be).dtype(dtype).inputSize(1).hiddenSize(6)
                .numLayers(2).dropout(0.3).batchFirst(true).seed(7).build();
        return new SequenceRegressor(lstm, 1, 7);
    }

    /** Dropout, shuffling, Adam, a per-step warm-up and cosine schedule, clipping and early stopping. */
    private static TrainerBuilder adamRun() {
        return Trainer.builder().epochs(6).batchSize(8).seed(11).shuffle(true)
                .optimizer(ps -> new Adam(ps, 0.02))
                .stepSchedule(k -> LearningRateSchedule.cosineAnnealing(0.02, k, 0.002).withWarmup(4, 0.1))
                .clipNorm(1.0).earlyStopping(2, 0.0, true);
    }

    /** SGD with momentum, the rate lowered on plateaus; epoch checkpoints only. */
    private static TrainerBuilder plateauRun() {
        return Trainer.builder().epochs(7).batchSize(16).seed(5)
                .optimizer(ps -> new Sgd(ps, 0.3, 0.9))
                .reduceLrOnPlateau(ReduceLrOnPlateau.defaults().factor(0.5).patience(0).threshold(0.05,
                        ReduceLrOnPlateau.ThresholdMode.REL))
                .earlyStopping(4, 0.0, false);
    }

    /** A crash right after the checkpoint of {@code steps} steps is written. */
    private static final class CrashAfter implements TrainingListener {
        private final int steps;
        final List<CheckpointEvent> written = new ArrayList<>();

        CrashAfter(int steps) {
            this.steps = steps;
        }

        @Override
        public void onCheckpoint(CheckpointEvent event) {
            written.add(event);
            if (event.totalSteps() == steps) {
                throw new IllegalStateException("simulated crash");
            }
        }
    }

    /** The learning rate of every step. */
    private static final class Rates implements TrainingListener {
        final List<Double> rates = new ArrayList<>();

        @Override
        public void onStep(StepEvent event) {
            rates.add(event.learningRate());
        }
    }

    private static double[][] weights(Model model) {
        List<Parameter> ps = model.parameters();
        double[][] w = new double[ps.size()][];
        for (int i = 0; i < w.length; i++) {
            w[i] = ps.get(i).value().toDoubleArray();
        }
        return w;
    }

    private static void assertBitIdentical(Model expected, TrainingResult expectedResult, Model actual,
                                           TrainingResult actualResult) {
        double[][] a = weights(expected);
        double[][] b = weights(actual);
        int compared = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                if (a[i][j] != b[i][j]) {
                    throw new AssertionError("weight " + expected.parameters().get(i).name() + "[" + j + "]: "
                            + a[i][j] + " uninterrupted, " + b[i][j] + " resumed");
                }
                compared++;
            }
        }
        assertTrue(compared > 500, "compared " + compared + " weights");
        assertEquals(expectedResult.epochs(), actualResult.epochs());
        for (int e = 0; e < expectedResult.epochs(); e++) {
            TrainingListener.EpochEvent x = expectedResult.history().get(e);
            TrainingListener.EpochEvent y = actualResult.history().get(e);
            assertTrue(x.trainingLoss() == y.trainingLoss() && x.validationLoss() == y.validationLoss()
                    && x.improved() == y.improved(), "epoch " + e + ": " + x + " vs " + y);
        }
        assertEquals(expectedResult.bestEpoch(), actualResult.bestEpoch());
        assertEquals(expectedResult.stoppedEarly(), actualResult.stoppedEarly());
        assertEquals(expectedResult.restoredBest(), actualResult.restoredBest());
    }

    /**
     * Runs {@code run} uninterrupted; then again with checkpoints, crashing after the one of
     * {@code crashAt} steps; resumes in a fresh model and trainer; compares.
     */
    private void assertResumeIsExact(Supplier<TrainerBuilder> run, Checkpointing checkpoints, int crashAt,
                                     DType dtype) throws IOException {
        SequenceRegressor whole = model(dtype);
        Rates wholeRates = new Rates();
        TrainingResult wholeResult = run.get().listener(wholeRates).build().fit(whole, TRAIN, VALIDATION);

        CrashAfter crash = new CrashAfter(crashAt);
        SequenceRegressor crashed = model(dtype);
        Trainer first = run.get().checkpoints(checkpoints).listener(crash).build();
        assertThrows(IllegalStateException.class, () -> first.fit(crashed, TRAIN, VALIDATION));
        Path latest = Checkpointing.latest(checkpoints.directory()).orElseThrow();
        assertEquals(checkpoints.file(crashAt), latest);

        SequenceRegressor fresh = model(dtype);
        Rates resumedRates = new Rates();
        TrainingResult resumed = run.get().checkpoints(checkpoints).listener(resumedRates).build()
                .resume(latest, fresh, TRAIN, VALIDATION);
        assertBitIdentical(whole, wholeResult, fresh, resumed);
        List<Double> all = wholeRates.rates;
        assertEquals(all.subList(crashAt, all.size()), resumedRates.rates, "the rates of the steps after the crash");
        assertTrue(all.stream().distinct().count() > 2, "the rate changes during the run: " + all);
    }

    @Test
    @DisplayName("resumed mid-epoch (dropout, shuffling, Adam, per-step schedule, early stopping): weights == and losses ==")
    void midEpoch() throws IOException {
        // 5 steps per epoch: the checkpoint of step 14 is in the middle of epoch 2
        assertResumeIsExact(ResumeTest::adamRun, Checkpointing.to(dir).everySteps(7).keepLast(50), 14, DType.FLOAT32);
    }

    @Test
    @DisplayName("resumed at an epoch's end in float64: weights == and losses ==")
    void epochEnd() throws IOException {
        assertResumeIsExact(ResumeTest::adamRun, Checkpointing.to(dir), 15, DType.FLOAT64);
    }

    @Test
    @DisplayName("resumed with reduce-on-plateau's state and SGD momentum buffers: weights == and losses ==")
    void plateau() throws IOException {
        // 3 steps per epoch; the plateau lowers the rate in the epochs before and after step 9
        assertResumeIsExact(ResumeTest::plateauRun, Checkpointing.to(dir), 9, DType.FLOAT32);
    }

    @Test
    @DisplayName("the rotation keeps the last K checkpoints and tells the listeners what it removed")
    void rotation() throws IOException {
        CrashAfter events = new CrashAfter(-1);
        Checkpointing policy = Checkpointing.to(dir).everySteps(3).everyEpoch(false).keepLast(2);
        adamRun().epochs(3).checkpoints(policy).listener(events).build().fit(model(DType.FLOAT32), TRAIN, VALIDATION);
        assertEquals(List.of(3, 6, 9, 12, 15), events.written.stream().map(e -> e.totalSteps()).toList());
        assertEquals(List.of(policy.file(12), policy.file(15)), Checkpointing.checkpoints(dir));
        assertEquals(List.of(policy.file(9)), events.written.get(4).removed());
        assertEquals(0, events.written.get(0).epoch(), "step 3 is within epoch 0 (5 steps an epoch)");
        assertEquals(3, events.written.get(0).step());
        assertEquals(1, events.written.get(2).epoch());
        assertEquals(4, events.written.get(2).step());
    }

    @Test
    @DisplayName("a file that is not a checkpoint, of a newer version, or of another model or trainer is refused by name")
    void refusesMismatches() throws IOException {
        Checkpointing policy = Checkpointing.to(dir);
        adamRun().epochs(1).checkpoints(policy).build().fit(model(DType.FLOAT32), TRAIN, VALIDATION);
        Path saved = Checkpointing.latest(dir).orElseThrow();

        Path weights = dir.resolve("weights.safetensors");
        dev.jrnn.models.io.StateDict.save(weights, model(DType.FLOAT32).parameters());
        String notCheckpoint = assertThrows(dev.jrnn.models.io.SafetensorsException.class,
                () -> adamRun().build().resume(weights, model(DType.FLOAT32), TRAIN, VALIDATION)).getMessage();
        assertTrue(notCheckpoint.contains("weights.safetensors: checkpoint is not a jrnn training checkpoint"
                + " (metadata format is 'pt'"), notCheckpoint);

        dev.jrnn.models.io.SafetensorsFile file = dev.jrnn.models.io.Safetensors.read(saved);
        java.util.Map<String, String> meta = new java.util.LinkedHashMap<>(file.metadata());
        meta.put("format_version", "2");
        Path newer = dir.resolve("newer.safetensors");
        dev.jrnn.models.io.Safetensors.write(newer, file.tensors(new ReferenceBackend()), meta);
        String version = assertThrows(dev.jrnn.models.io.SafetensorsException.class,
                () -> adamRun().build().resume(newer, model(DType.FLOAT32), TRAIN, VALIDATION)).getMessage();
        assertTrue(version.contains("checkpoint format version 2; this jrnn reads version 1"), version);

        RecurrentLayer wider = RecurrentLayer.builder("lstm").backend(new ReferenceBackend()).inputSize(1)
                .hiddenSize(7).numLayers(2).dropout(0.3).batchFirst(true).seed(7).build();
        String shapes = assertThrows(dev.jrnn.models.io.SafetensorsException.class,
                () -> adamRun().build().resume(saved, new SequenceRegressor(wider, 1, 7), TRAIN, VALIDATION))
                .getMessage();
        assertTrue(shapes.contains("does not match the model") && shapes.contains("weight_hh_l0 (the checkpoint has"
                + " [24, 6], the model [28, 7])"), shapes);

        String batch = assertThrows(dev.jrnn.models.io.SafetensorsException.class,
                () -> adamRun().batchSize(4).build().resume(saved, model(DType.FLOAT32), TRAIN, VALIDATION))
                .getMessage();
        assertTrue(batch.contains("was written by a run with batch_size 8; this run has 4"), batch);

        String optimizer = assertThrows(dev.jrnn.models.io.SafetensorsException.class,
                () -> adamRun().optimizer(ps -> new Sgd(ps, 0.1)).build().resume(saved, model(DType.FLOAT32), TRAIN,
                        VALIDATION)).getMessage();
        assertTrue(optimizer.contains("the state is of Adam, not Sgd"), optimizer);

        String plateau = assertThrows(dev.jrnn.models.io.SafetensorsException.class,
                () -> Trainer.builder().epochs(6).batchSize(8).seed(11).optimizer(ps -> new Adam(ps, 0.02))
                        .earlyStopping(2, 0.0, true).reduceLrOnPlateau(ReduceLrOnPlateau.defaults()).build()
                        .resume(saved, model(DType.FLOAT32), TRAIN, VALIDATION)).getMessage();
        assertTrue(plateau.contains("without reduce-on-plateau; this run has one"), plateau);
    }
}

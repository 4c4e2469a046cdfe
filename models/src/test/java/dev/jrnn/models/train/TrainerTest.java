package dev.jrnn.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.Shape;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.loss.Loss;
import dev.jrnn.models.optim.Adam;
import dev.jrnn.models.optim.LearningRateSchedule;
import dev.jrnn.models.optim.Sgd;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TrainerTest {
    private final Backend be = new ReferenceBackend();

    private TrainerBuilder sgd(double lr) {
        return Trainer.builder().optimizer(ps -> new Sgd(ps, lr)).batchSize(4).seed(3);
    }

    @Test
    @DisplayName("training fits a line's slope and reports falling losses")
    void fitsALine() {
        ScalarModel model = new ScalarModel(be, 0.0);
        TrainingResult r = sgd(0.5).epochs(40).build().fit(model, ScalarModel.line(20, 2.0), null);
        assertEquals(2.0, model.weight(), 1e-3);
        assertEquals(40, r.epochs());
        assertTrue(r.history().get(0).trainingLoss() > 100 * r.finalTrainingLoss());
    }

    @Test
    @DisplayName("two runs with one seed agree exactly, another shuffling seed gives another run")
    void reproducible() {
        Dataset data = ScalarModel.line(10, -1.5);
        ScalarModel a = new ScalarModel(be, 0.3);
        ScalarModel b = new ScalarModel(be, 0.3);
        ScalarModel c = new ScalarModel(be, 0.3);
        TrainingResult ra = sgd(0.2).epochs(3).build().fit(a, data, null);
        TrainingResult rb = sgd(0.2).epochs(3).build().fit(b, data, null);
        sgd(0.2).epochs(3).seed(4).build().fit(c, data, null);
        assertEquals(ra.history().stream().map(TrainingListener.EpochEvent::trainingLoss).toList(),
                rb.history().stream().map(TrainingListener.EpochEvent::trainingLoss).toList());
        assertEquals(a.weight(), b.weight(), 0.0);
        assertNotEquals(a.weight(), c.weight());
    }

    @Test
    @DisplayName("early stopping halts after `patience` epochs without improvement and restores the best weights")
    void earlyStopping() {
        Dataset train = ScalarModel.line(8, 2.0);
        Dataset validation = ScalarModel.line(8, 0.5);
        ScalarModel model = new ScalarModel(be, 0.0);
        List<Double> weights = new ArrayList<>();
        TrainingResult r = sgd(0.3).epochs(20).earlyStopping(2, 0.0, true)
                .listener(new TrainingListener() {
                    @Override
                    public void onEpoch(EpochEvent event) {
                        weights.add(model.weight());
                    }
                }).build().fit(model, train, validation);
        int best = r.bestEpoch();
        assertTrue(r.stoppedEarly());
        assertTrue(r.restoredBest());
        assertEquals(best + 3, r.epochs(), "ran best + patience + 1 epochs");
        assertEquals(weights.get(best), model.weight(), 0.0);
        for (int e = 0; e < r.epochs(); e++) {
            assertTrue(r.history().get(e).validationLoss() >= r.bestValidationLoss());
        }
        assertThrows(IllegalArgumentException.class,
                () -> sgd(0.3).earlyStopping(2, 0, true).build().fit(model, train, null));
    }

    @Test
    @DisplayName("a NaN in the data fails with the epoch and step where the loss became non-finite")
    void nonFiniteLoss() {
        double[] x = {1, 2, 3, Double.NaN, 5, 6};
        Dataset data = new Dataset(x, Shape.of(1), new double[6], Shape.of(1));
        ScalarModel model = new ScalarModel(be, 1.0);
        NonFiniteException ex = assertThrows(NonFiniteException.class,
                () -> sgd(0.01).batchSize(2).shuffle(false).epochs(2).build().fit(model, data, null));
        assertEquals(0, ex.epoch());
        assertEquals(1, ex.step());
        assertTrue(ex.getMessage().contains("loss is NaN at epoch 0, step 1"), ex.getMessage());
    }

    @Test
    @DisplayName("an infinite gradient under a finite loss is reported with the parameter, epoch and step")
    void nonFiniteGradient() {
        ScalarModel model = new ScalarModel(be, 0.0, Ops::sqrt);
        NonFiniteException ex = assertThrows(NonFiniteException.class,
                () -> sgd(0.1).epochs(1).build().fit(model, ScalarModel.line(4, 1.0), null));
        assertTrue(ex.getMessage().contains("gradient of w is not finite at epoch 0, step 0"), ex.getMessage());
    }

    @Test
    @DisplayName("a loss a thousandfold above the first step's stops training in that epoch, naming the step")
    void divergenceStopsAtOnce() {
        ScalarModel model = new ScalarModel(be, 0.0);
        List<Integer> epochsSeen = new ArrayList<>();
        TrainingDivergedException ex = assertThrows(TrainingDivergedException.class,
                () -> Trainer.builder().optimizer(ps -> new Adam(ps, 1e4)).batchSize(4).shuffle(false).epochs(5)
                        .listener(new TrainingListener() {
                            @Override
                            public void onEpoch(EpochEvent e) {
                                epochsSeen.add(e.epoch());
                            }
                        }).build().fit(model, ScalarModel.line(20, 2.0), null));
        assertEquals(List.of(), epochsSeen, "no epoch was handed to the listeners");
        assertEquals(0, ex.epoch());
        assertEquals(1, ex.step(), "the first update already overshoots");
        assertTrue(ex.loss() > 1000 * ex.initialLoss());
        assertTrue(ex.getMessage().startsWith("training diverged: the mean loss of epoch 0 is ")
                && ex.getMessage().contains("over 1000x the first step's")
                && ex.getMessage().contains("first passed") && ex.getMessage().contains("at epoch 0, step 1"),
                ex.getMessage());
    }

    @Test
    @DisplayName("a run that ends tenfold above its first step's loss fails at the end; limits of 0 let it finish")
    void divergenceAtTheEnd() {
        TrainingDivergedException ex = assertThrows(TrainingDivergedException.class,
                () -> Trainer.builder().optimizer(ps -> new Adam(ps, 1e4)).batchSize(4).epochs(3)
                        .divergenceLimits(10, 0).build().fit(new ScalarModel(be, 0.0), ScalarModel.line(20, 2.0), null));
        assertTrue(ex.getMessage().contains("the mean loss of epoch 2 is") && ex.getMessage().contains("over 10x"),
                ex.getMessage());
        TrainingResult r = Trainer.builder().optimizer(ps -> new Adam(ps, 1e4)).batchSize(4).epochs(3)
                .divergenceLimits(0, 0).build().fit(new ScalarModel(be, 0.0), ScalarModel.line(20, 2.0), null);
        assertTrue(r.finalTrainingLoss() > 1e6, "finite but far off: " + r.finalTrainingLoss());
        TrainingDivergedException any = assertThrows(TrainingDivergedException.class,
                () -> Trainer.builder().optimizer(ps -> new Adam(ps, 1e4)).batchSize(4).shuffle(false).epochs(3)
                        .divergenceLimits(0, 1000).build().fit(new ScalarModel(be, 0.0), ScalarModel.line(20, 2.0), null));
        assertEquals(0, any.epoch());
        assertEquals(1, any.step(), "the step that passed the thousandfold limit, with the end limit off");
    }

    @Test
    @DisplayName("a loss that may be negative is not judged by ratios")
    void divergenceNeedsANonNegativeLoss() {
        Loss mseAsLambda = (p, t) -> Loss.mse().apply(p, t);
        TrainingResult r = Trainer.builder().optimizer(ps -> new Adam(ps, 1e4)).batchSize(4).epochs(2)
                .loss(mseAsLambda).build().fit(new ScalarModel(be, 0.0), ScalarModel.line(20, 2.0), null);
        assertEquals(2, r.epochs());
        assertThrows(TrainingDivergedException.class, () -> Trainer.builder().optimizer(ps -> new Adam(ps, 1e4))
                .batchSize(4).epochs(2).loss(Loss.nonNegative(mseAsLambda)).build()
                .fit(new ScalarModel(be, 0.0), ScalarModel.line(20, 2.0), null));
    }

    @Test
    @DisplayName("listeners see the plan, every step with its rate, and every epoch")
    void listenerEvents() {
        List<TrainingListener.StepEvent> steps = new ArrayList<>();
        List<TrainingListener.EpochEvent> epochs = new ArrayList<>();
        TrainingListener.TrainingPlan[] plan = new TrainingListener.TrainingPlan[1];
        LearningRateSchedule schedule = LearningRateSchedule.stepDecay(0.1, 2, 0.5);
        sgd(1).epochs(5).batchSize(3).schedule(schedule).listener(new TrainingListener() {
            @Override
            public void onStart(TrainingPlan p) {
                plan[0] = p;
            }

            @Override
            public void onStep(StepEvent e) {
                steps.add(e);
            }

            @Override
            public void onEpoch(EpochEvent e) {
                epochs.add(e);
            }
        }).build().fit(new ScalarModel(be, 0), ScalarModel.line(10, 1), ScalarModel.line(4, 1));
        assertEquals(new TrainingListener.TrainingPlan(5, 4, 20, 10, 4), plan[0]);
        assertEquals(20, steps.size());
        assertEquals(5, epochs.size());
        for (int i = 0; i < steps.size(); i++) {
            TrainingListener.StepEvent e = steps.get(i);
            assertEquals(i / 4, e.epoch());
            assertEquals(i % 4, e.step());
            assertEquals(schedule.rate(e.epoch()), e.learningRate());
            assertTrue(i == 0 || e.elapsedNanos() >= steps.get(i - 1).elapsedNanos());
        }
        assertFalse(Double.isNaN(epochs.get(4).validationLoss()));
    }

    @Test
    @DisplayName("clipping bounds each update to lr times the clip norm and reports the unclipped norm")
    void clipping() {
        ScalarModel model = new ScalarModel(be, 0.0);
        List<Double> norms = new ArrayList<>();
        sgd(1.0).epochs(1).batchSize(100).clipNorm(1e-3).listener(new TrainingListener() {
            @Override
            public void onStep(StepEvent e) {
                norms.add(e.gradientNorm());
            }
        }).build().fit(model, ScalarModel.line(10, 5), null);
        assertEquals(1e-3, model.weight(), 1e-8);
        assertTrue(norms.get(0) > 1, "pre-clip norm " + norms.get(0));
    }

    @Test
    @DisplayName("live tensors stay flat across epochs: each step's graph is freed")
    void memoryStaysFlat() {
        ScalarModel model = new ScalarModel(be, 0.0);
        List<Long> live = new ArrayList<>();
        sgd(0.1).epochs(6).build().fit(model, ScalarModel.line(16, 1), ScalarModel.line(4, 1));
        sgd(0.1).epochs(6).listener(new TrainingListener() {
            @Override
            public void onEpoch(EpochEvent e) {
                live.add(be.memory().unclosedTensors());
            }
        }).build().fit(model, ScalarModel.line(16, 1), ScalarModel.line(4, 1));
        assertEquals(live.get(1), live.get(5), "live tensors per epoch " + live);
        List<Parameter> ps = model.parameters();
        assertArrayEquals(new int[] {1}, ps.get(0).shape().dims());
    }
}

package dev.jrnn.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.optim.LearningRateSchedule;
import dev.jrnn.models.optim.Sgd;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the trainer's per-step schedules, per-epoch data, step limit and epoch hooks")
class TrainerScheduleTest {
    private final Backend be = new ReferenceBackend();

    private static TrainerBuilder sgd(double lr) {
        return Trainer.builder().optimizer(ps -> new Sgd(ps, lr)).batchSize(4).seed(3);
    }

    /** Records the plan and every step. */
    private static final class Recorder implements TrainingListener {
        TrainingPlan plan;
        final List<StepEvent> steps = new ArrayList<>();
        final List<EpochEvent> epochs = new ArrayList<>();

        @Override
        public void onStart(TrainingPlan p) {
            plan = p;
        }

        @Override
        public void onStep(StepEvent e) {
            steps.add(e);
        }

        @Override
        public void onEpoch(EpochEvent e) {
            epochs.add(e);
        }
    }

    @Test
    @DisplayName("a per-step cosine decay is made from the run's step count and sets every step's rate")
    void cosinePerStep() {
        Recorder r = new Recorder();
        int[] total = new int[1];
        sgd(1).epochs(3).stepSchedule(k -> {
            total[0] = k;
            return LearningRateSchedule.cosineAnnealing(0.2, k, 0.02);
        }).listener(r).build().fit(new ScalarModel(be, 0), ScalarModel.line(10, 1), null);
        assertEquals(9, total[0], "3 epochs of ceil(10 / 4) steps");
        assertEquals(9, r.plan.totalSteps());
        assertEquals(9, r.steps.size());
        LearningRateSchedule expected = LearningRateSchedule.cosineAnnealing(0.2, 9, 0.02);
        for (int k = 0; k < 9; k++) {
            assertEquals(expected.rate(k), r.steps.get(k).learningRate(), 1e-15, "step " + k);
        }
        assertTrue(r.steps.get(8).learningRate() < 0.03);
    }

    @Test
    @DisplayName("a linear warm-up per step ramps the rate over the first steps, across epoch boundaries")
    void warmupPerStep() {
        Recorder r = new Recorder();
        sgd(1).epochs(2).stepSchedule(k -> LearningRateSchedule.constant(0.1).withWarmup(4, 0.25)).listener(r)
                .build().fit(new ScalarModel(be, 0), ScalarModel.line(8, 1), null);
        double[] rates = r.steps.stream().mapToDouble(TrainingListener.StepEvent::learningRate).toArray();
        assertEquals(4, rates.length);
        assertEquals(0.025, rates[0], 1e-15);
        assertEquals(0.04375, rates[1], 1e-15);
        assertEquals(0.0625, rates[2], 1e-15);
        assertEquals(0.08125, rates[3], 1e-15);
    }

    @Test
    @DisplayName("a per-epoch and a per-step schedule together are refused")
    void oneScheduleOnly() {
        assertThrows(IllegalStateException.class, () -> sgd(1).schedule(LearningRateSchedule.constant(0.1))
                .stepSchedule(k -> LearningRateSchedule.constant(0.1)).build());
    }

    @Test
    @DisplayName("training data drawn anew is asked for once per epoch, in order, and every draw is trained on")
    void redrawnEachEpoch() {
        List<Integer> asked = new ArrayList<>();
        Recorder r = new Recorder();
        ScalarModel model = new ScalarModel(be, 0);
        TrainingData draws = epoch -> {
            asked.add(epoch);
            return ScalarModel.line(8 + epoch % 2, 2.0); // 8 or 9 samples: 2 or 3 batches
        };
        sgd(0.5).epochs(30).listener(r).build().fit(model, draws, null);
        assertEquals(30, asked.size());
        for (int e = 0; e < 30; e++) {
            assertEquals(e, asked.get(e));
        }
        assertEquals(2, r.plan.stepsPerEpoch(), "the plan is the first draw's");
        assertEquals(3, r.steps.stream().filter(s -> s.epoch() == 1).count(), "the second draw has 3 batches");
        assertEquals(15 * 2 + 15 * 3, r.steps.size(), "every draw runs all its batches");
        assertTrue(r.epochs.stream().allMatch(e -> Double.isFinite(e.trainingLoss())));
        assertEquals(2.0, model.weight(), 1e-3);
    }

    @Test
    @DisplayName("a step limit ends the run inside an epoch, and the plan says so")
    void maxSteps() {
        Recorder r = new Recorder();
        TrainingResult result = sgd(0.1).epochs(10).maxSteps(7).listener(r).build()
                .fit(new ScalarModel(be, 0), ScalarModel.line(12, 1), null);
        assertEquals(new TrainingListener.TrainingPlan(3, 3, 7, 12, 0), r.plan);
        assertEquals(7, r.steps.size());
        assertEquals(3, result.epochs());
        assertEquals(0, r.steps.get(6).step(), "the 7th step is the first of the third epoch");
    }

    @Test
    @DisplayName("an epoch hook sees the model in evaluation mode with the weights the epoch left")
    void epochHookSeesTheModel() {
        List<String> modes = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        ScalarModel inner = new ScalarModel(be, 0);
        Model model = new Model() {
            private boolean training;

            @Override
            public List<Parameter> parameters() {
                return inner.parameters();
            }

            @Override
            public Variable forward(Variable input) {
                modes.add(training ? "train" : "eval");
                return inner.forward(input);
            }

            @Override
            public void train(boolean on) {
                training = on;
            }
        };
        sgd(0.3).epochs(3).listener(new TrainingListener() {
            @Override
            public void onEpoch(EpochEvent e) {
                modes.clear();
                try (TensorScope scope = TensorScope.open()) {
                    model.forward(Variable.constant(be.scalar(1.0, DType.FLOAT64)));
                }
                assertEquals(List.of("eval"), modes);
                weights.add(inner.weight());
            }
        }).build().fit(model, ScalarModel.line(8, 1), null);
        assertEquals(3, weights.size());
        assertFalse(weights.get(0).equals(weights.get(2)), "the weights move between epochs");
        assertEquals(inner.weight(), weights.get(2), 0.0);
    }
}

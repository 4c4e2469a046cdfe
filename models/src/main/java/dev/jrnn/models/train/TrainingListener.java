package dev.jrnn.models.train;

/**
 * Follows training, for example to draw a progress bar. Called on the training thread; every
 * method does nothing by default.
 */
public interface TrainingListener {

    /** Before the first epoch. */
    default void onStart(TrainingPlan plan) {
    }

    /** After every optimizer step. */
    default void onStep(StepEvent event) {
    }

    /**
     * After every epoch, once its validation loss is known, with the model as the epoch left it and
     * in evaluation mode: a listener holding the model may use it here (a snapshot ensemble
     * forecasts with it), before the next epoch changes it.
     */
    default void onEpoch(EpochEvent event) {
    }

    /**
     * After every checkpoint written ({@link TrainerBuilder#checkpoints}), once older ones are
     * rotated out: to copy it elsewhere, say.
     */
    default void onCheckpoint(CheckpointEvent event) {
    }

    /**
     * The shape of the run about to start, as the first epoch's samples make it.
     *
     * @param epochs          epochs planned (fewer than configured when {@code maxSteps} ends the run sooner)
     * @param stepsPerEpoch   optimizer steps per epoch: batches, times chunks with truncated BPTT
     * @param totalSteps      optimizer steps planned in all
     */
    record TrainingPlan(int epochs, int stepsPerEpoch, int totalSteps, int trainingSamples, int validationSamples) {
    }

    /**
     * One optimizer step.
     *
     * @param epoch         0-based epoch
     * @param step          0-based step within the epoch
     * @param loss          the batch's loss before the update
     * @param gradientNorm  the global gradient norm before clipping
     * @param learningRate  the rate the step used
     * @param elapsedNanos  time since training started
     */
    record StepEvent(int epoch, int step, int stepsPerEpoch, double loss, double gradientNorm, double learningRate,
                     long elapsedNanos) {
    }

    /**
     * One finished epoch.
     *
     * @param trainingLoss   mean training loss over the epoch's steps, weighted by batch size (times
     *                       chunk length with truncated BPTT)
     * @param validationLoss mean validation loss, NaN without validation data
     * @param improved       whether the validation loss is the best so far (true without validation data)
     */
    record EpochEvent(int epoch, int epochs, double trainingLoss, double validationLoss, boolean improved,
                      long elapsedNanos) {
    }

    /**
     * One checkpoint written.
     *
     * @param file       the checkpoint
     * @param epoch      the epoch it resumes in (the next one, for a checkpoint at an epoch's end)
     * @param step       the steps of that epoch it has done
     * @param totalSteps the optimizer steps of the run so far
     * @param removed    the older checkpoints deleted by the rotation
     */
    record CheckpointEvent(java.nio.file.Path file, int epoch, int step, int totalSteps,
                           java.util.List<java.nio.file.Path> removed) {
    }
}

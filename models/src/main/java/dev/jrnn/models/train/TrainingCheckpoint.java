package dev.jrnn.models.train;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.WeightGuard;
import dev.jrnn.models.io.LoadOptions;
import dev.jrnn.models.io.Safetensors;
import dev.jrnn.models.io.SafetensorsException;
import dev.jrnn.models.io.SafetensorsFile;
import dev.jrnn.models.io.SafetensorsWriter;
import dev.jrnn.models.layer.SeededRandom;
import dev.jrnn.models.optim.OptimizerState;
import dev.jrnn.models.optim.ReduceLrOnPlateau;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A training checkpoint file: safetensors whose tensors are the model's weights
 * ({@code model.<name>}), the optimizer's buffers ({@code optimizer.<name>.<buffer>}) and the best
 * epoch's weights ({@code best.<name>}), and whose metadata holds the rest as exact decimal
 * strings: the format and its version, the trainer settings a resumed run must share, the position,
 * history and early-stopping state, the steps' state, the optimizer's kind, settings, rate and step
 * counts, the plateau tracker's state and the random generators' states.
 */
final class TrainingCheckpoint {
    static final String FORMAT = "jrnn-checkpoint";
    static final int VERSION = 1;
    private static final String MODEL = "model.";
    private static final String OPTIMIZER = "optimizer.";
    private static final String BEST = "best.";
    private static final String RANDOM = "random.";
    private static final String STEP = "optimizer.step.";
    private static final String SETTING = "optimizer.settings.";

    private final SafetensorsFile file;
    private final Map<String, String> meta;

    private TrainingCheckpoint(SafetensorsFile file) {
        this.file = file;
        this.meta = file.metadata();
    }

    // ---------------------------------------------------------------- writing

    /** Writes {@code run} to {@code target} atomically. */
    static void write(Path target, Run run, TrainerBuilder config) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("format_version", Integer.toString(VERSION));
        settings(config, run.plan).forEach(m::put);
        m.put("position.epoch", Integer.toString(run.epoch));
        m.put("position.batches", Integer.toString(run.position.batches));
        m.put("position.pieces", Integer.toString(run.position.pieces));
        m.put("position.loss_sum", Double.toString(run.position.lossSum));
        m.put("position.loss_weight", Double.toString(run.position.lossWeight));
        m.put("position.stopped_early", Boolean.toString(run.stoppedEarly));
        Steps.State steps = run.steps.state();
        m.put("steps.taken", Integer.toString(steps.taken()));
        m.put("steps.initial_loss", Double.toString(steps.initialLoss()));
        m.put("steps.first_above_at_end", pair(steps.firstAboveAtEnd()));
        m.put("steps.first_above_any_epoch", pair(steps.firstAboveAnyEpoch()));
        m.put("steps.elapsed_nanos", Long.toString(steps.elapsedNanos()));
        List<String> training = new ArrayList<>();
        List<String> validation = new ArrayList<>();
        List<String> improved = new ArrayList<>();
        List<String> elapsed = new ArrayList<>();
        for (TrainingListener.EpochEvent e : run.history) {
            training.add(Double.toString(e.trainingLoss()));
            validation.add(Double.toString(e.validationLoss()));
            improved.add(Boolean.toString(e.improved()));
            elapsed.add(Long.toString(e.elapsedNanos()));
        }
        m.put("history.training", String.join(",", training));
        m.put("history.validation", String.join(",", validation));
        m.put("history.improved", String.join(",", improved));
        m.put("history.elapsed_nanos", String.join(",", elapsed));
        m.put("best.epoch", Integer.toString(run.bestEpoch));
        m.put("best.loss", Double.toString(run.bestLoss));
        m.put("best.weights", Boolean.toString(run.best != null));
        OptimizerState optimizer = run.optimizer.state();
        m.put("optimizer.kind", optimizer.kind());
        m.put("optimizer.lr", Double.toString(optimizer.learningRate()));
        optimizer.settings().forEach((k, v) -> m.put(SETTING + k, v));
        if (run.plateau != null) {
            ReduceLrOnPlateau.State p = run.plateau.state();
            m.put("plateau.best", Double.toString(p.best()));
            m.put("plateau.bad_evaluations", Integer.toString(p.badEvaluations()));
            m.put("plateau.cooldown_left", Integer.toString(p.cooldownLeft()));
            m.put("plateau.evaluations", Integer.toString(p.evaluations()));
        }
        run.model.randomGenerators().forEach((name, g) -> m.put(RANDOM + name, Long.toString(g.state())));
        Map<String, Parameter> byName = new LinkedHashMap<>();
        try (WeightGuard.Lease weights = WeightGuard.read(run.parameters)) {
            for (Parameter p : run.parameters) {
                NonFiniteException.requireFiniteWeights(p.name(), p.value().toDoubleArray());
                w.put(MODEL + p.name(), p.value());
                byName.put(p.name(), p);
            }
        }
        optimizer.parameters().forEach((name, s) -> {
            m.put(STEP + name, Long.toString(s.step()));
            Parameter p = byName.get(name);
            s.buffers().forEach((buffer, values) -> put(w, OPTIMIZER + name + "." + buffer, p, values));
        });
        if (run.best != null) {
            for (int i = 0; i < run.parameters.size(); i++) {
                put(w, BEST + run.parameters.get(i).name(), run.parameters.get(i), run.best.values().get(i));
            }
        }
        w.metadata(m).write(target);
    }

    /** The trainer settings that a resumed run must share for it to continue the same run. */
    private static Map<String, String> settings(TrainerBuilder config, TrainingListener.TrainingPlan plan) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("config.batch_size", Integer.toString(config.batchSize));
        s.put("config.shuffle", Boolean.toString(config.shuffle));
        s.put("config.seed", Long.toString(config.seed));
        s.put("config.batches_per_pool", Integer.toString(config.batchesPerPool));
        s.put("config.truncated_bptt", Integer.toString(config.bpttLength));
        s.put("config.patience", Integer.toString(config.patience));
        s.put("config.min_delta", Double.toString(config.minDelta));
        s.put("config.restore_best", Boolean.toString(config.restoreBest));
        s.put("config.steps_per_epoch", Integer.toString(plan.stepsPerEpoch()));
        s.put("config.training_samples", Integer.toString(plan.trainingSamples()));
        return s;
    }

    /** Values of a parameter's shape, in its dtype (exact: they were computed in it). */
    private static void put(SafetensorsWriter w, String name, Parameter p, double[] values) {
        if (p.dtype() == DType.FLOAT32) {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            w.putFloats(name, p.shape(), f);
        } else {
            w.putDoubles(name, p.shape(), values);
        }
    }

    private static String pair(int[] at) {
        return at == null ? "" : at[0] + "," + at[1];
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads and checks {@code path}: a valid safetensors file of this format and a version this
     * code reads. What it holds is checked against the run by {@link #restore}.
     */
    static TrainingCheckpoint read(Path path) throws IOException {
        TrainingCheckpoint c = new TrainingCheckpoint(Safetensors.read(path, LoadOptions.DEFAULT));
        String format = c.meta.get("format");
        if (!FORMAT.equals(format)) {
            throw c.bad("is not a jrnn training checkpoint (metadata format is "
                    + (format == null ? "missing" : "'" + format + "'") + "; model weights load with StateDict.load)");
        }
        int version = c.integer("format_version");
        if (version < 1 || version > VERSION) {
            throw c.bad("has checkpoint format version " + version + "; this jrnn reads version " + VERSION);
        }
        return c;
    }

    /**
     * Puts the run where the checkpoint left it: weights, optimizer, plateau tracker, random
     * generators, steps, position, history and early-stopping state. Everything is checked against
     * the run first; nothing is changed when something does not match.
     */
    void restore(Run run, TrainerBuilder config) throws SafetensorsException {
        Map<String, String> expected = settings(config, run.plan);
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String saved = text(e.getKey());
            if (!saved.equals(e.getValue())) {
                throw bad("was written by a run with " + e.getKey().substring("config.".length()) + " " + saved
                        + "; this run has " + e.getValue() + " (a resumed run must batch, shuffle and stop as the"
                        + " saved one did)");
            }
        }
        Map<Parameter, Tensor> weights = weights(run.parameters);
        OptimizerState optimizer = optimizerState(run.parameters);
        ReduceLrOnPlateau.State plateau = plateauState(run.plateau != null);
        Map<String, Long> random = randomStates(run.model.randomGenerators());
        Steps.State steps = new Steps.State(integer("steps.taken"), number("steps.initial_loss"),
                pair("steps.first_above_at_end"), pair("steps.first_above_any_epoch"), longValue("steps.elapsed_nanos"));
        List<TrainingListener.EpochEvent> history = history(run.plan.epochs());
        Snapshot best = bool("best.weights") ? Snapshot.ofValues(bestWeights(run.parameters)) : null;
        int epoch = integer("position.epoch");
        if (history.size() != epoch) {
            throw bad("has " + history.size() + " epochs of history at epoch " + epoch);
        }
        try {
            run.optimizer.loadState(optimizer);
        } catch (IllegalArgumentException ex) {
            weights.values().forEach(Tensor::close);
            throw bad("holds an optimizer state this run's optimizer refuses: " + ex.getMessage());
        }
        Parameter.setAll(weights);
        if (plateau != null) {
            run.plateau.restore(plateau);
        }
        random.forEach((name, state) -> run.model.randomGenerators().get(name).restore(state));
        run.steps.restore(steps);
        run.epoch = epoch;
        run.position.batches = integer("position.batches");
        run.position.pieces = integer("position.pieces");
        run.position.lossSum = number("position.loss_sum");
        run.position.lossWeight = number("position.loss_weight");
        run.stoppedEarly = bool("position.stopped_early");
        run.history.addAll(history);
        run.bestEpoch = integer("best.epoch");
        run.bestLoss = number("best.loss");
        run.best = best;
        run.stepsAtCheckpoint = steps.taken();
    }

    private Map<Parameter, Tensor> weights(List<Parameter> parameters) throws SafetensorsException {
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        TreeSet<String> unexpected = new TreeSet<>();
        for (String name : file.names()) {
            if (name.startsWith(MODEL)) {
                unexpected.add(name.substring(MODEL.length()));
            }
        }
        for (Parameter p : parameters) {
            if (!unexpected.remove(p.name())) {
                missing.add(p.name());
            } else if (!file.shape(MODEL + p.name()).equals(p.shape())) {
                mismatched.add(p.name() + " (the checkpoint has " + file.shape(MODEL + p.name()) + ", the model "
                        + p.shape() + ")");
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || !mismatched.isEmpty()) {
            throw bad("does not match the model: missing weight(s) " + missing + ", unexpected weight(s) "
                    + unexpected + ", mismatched shape(s) " + mismatched);
        }
        Map<Parameter, Tensor> values = new LinkedHashMap<>();
        try {
            for (Parameter p : parameters) {
                values.put(p, file.tensor(MODEL + p.name(), p.backend(), p.dtype(), LoadOptions.DEFAULT));
            }
        } catch (SafetensorsException | RuntimeException ex) {
            values.values().forEach(Tensor::close);
            throw ex;
        }
        return values;
    }

    private OptimizerState optimizerState(List<Parameter> parameters) throws SafetensorsException {
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, OptimizerState.ParameterState> states = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (e.getKey().startsWith(SETTING)) {
                settings.put(e.getKey().substring(SETTING.length()), e.getValue());
            }
        }
        Map<String, Parameter> byName = new LinkedHashMap<>();
        parameters.forEach(p -> byName.put(p.name(), p));
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (!e.getKey().startsWith(STEP)) {
                continue;
            }
            String name = e.getKey().substring(STEP.length());
            if (!byName.containsKey(name)) {
                throw bad("holds optimizer state for '" + name + "', which the model does not have");
            }
            Map<String, double[]> buffers = new LinkedHashMap<>();
            String prefix = OPTIMIZER + name + ".";
            for (String tensor : file.names()) {
                if (tensor.startsWith(prefix) && tensor.indexOf('.', prefix.length()) < 0) {
                    if (!file.shape(tensor).equals(byName.get(name).shape())) {
                        throw bad("holds optimizer buffer '" + tensor + "' of shape " + file.shape(tensor)
                                + "; the parameter has " + byName.get(name).shape());
                    }
                    buffers.put(tensor.substring(prefix.length()), file.doubles(tensor));
                }
            }
            states.put(name, new OptimizerState.ParameterState(longValue(e.getKey()), buffers));
        }
        return new OptimizerState(text("optimizer.kind"), settings, number("optimizer.lr"), states);
    }

    private ReduceLrOnPlateau.State plateauState(boolean wanted) throws SafetensorsException {
        boolean saved = meta.containsKey("plateau.best");
        if (saved != wanted) {
            throw bad(saved ? "was written by a run with reduce-on-plateau; this run has none"
                    : "was written by a run without reduce-on-plateau; this run has one");
        }
        return !saved ? null : new ReduceLrOnPlateau.State(number("plateau.best"), integer("plateau.bad_evaluations"),
                integer("plateau.cooldown_left"), integer("plateau.evaluations"));
    }

    private Map<String, Long> randomStates(Map<String, SeededRandom> generators) throws SafetensorsException {
        Map<String, Long> states = new LinkedHashMap<>();
        for (String key : meta.keySet()) {
            if (key.startsWith(RANDOM)) {
                states.put(key.substring(RANDOM.length()), longValue(key));
            }
        }
        if (!states.keySet().equals(generators.keySet())) {
            throw bad("holds the random generators " + new TreeSet<>(states.keySet()) + "; the model has "
                    + new TreeSet<>(generators.keySet()));
        }
        return states;
    }

    private List<TrainingListener.EpochEvent> history(int epochs) throws SafetensorsException {
        String[] training = list("history.training");
        String[] validation = list("history.validation");
        String[] improved = list("history.improved");
        String[] elapsed = list("history.elapsed_nanos");
        if (validation.length != training.length || improved.length != training.length
                || elapsed.length != training.length) {
            throw bad("has history lists of different lengths");
        }
        List<TrainingListener.EpochEvent> events = new ArrayList<>();
        for (int e = 0; e < training.length; e++) {
            events.add(new TrainingListener.EpochEvent(e, epochs, parse("history.training", training[e]),
                    parse("history.validation", validation[e]), parseBool("history.improved", improved[e]),
                    (long) parse("history.elapsed_nanos", elapsed[e])));
        }
        return events;
    }

    private List<double[]> bestWeights(List<Parameter> parameters) throws SafetensorsException {
        List<double[]> values = new ArrayList<>();
        for (Parameter p : parameters) {
            String name = BEST + p.name();
            if (!file.contains(name) || !file.shape(name).equals(p.shape())) {
                throw bad("lacks the best epoch's weights of " + p.name() + " in shape " + p.shape());
            }
            values.add(file.doubles(name));
        }
        return values;
    }

    // ---------------------------------------------------------------- metadata values

    private String text(String key) throws SafetensorsException {
        String v = meta.get(key);
        if (v == null) {
            throw bad("lacks metadata '" + key + "'");
        }
        return v;
    }

    private String[] list(String key) throws SafetensorsException {
        String v = text(key);
        return v.isEmpty() ? new String[0] : v.split(",", -1);
    }

    private int integer(String key) throws SafetensorsException {
        String v = text(key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException ex) {
            throw bad("has metadata '" + key + "' = '" + v + "', not an integer");
        }
    }

    private long longValue(String key) throws SafetensorsException {
        String v = text(key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException ex) {
            throw bad("has metadata '" + key + "' = '" + v + "', not an integer");
        }
    }

    private double number(String key) throws SafetensorsException {
        return parse(key, text(key));
    }

    private double parse(String key, String v) throws SafetensorsException {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException ex) {
            throw bad("has metadata '" + key + "' holding '" + v + "', not a number");
        }
    }

    private boolean bool(String key) throws SafetensorsException {
        return parseBool(key, text(key));
    }

    private boolean parseBool(String key, String v) throws SafetensorsException {
        if (!v.equals("true") && !v.equals("false")) {
            throw bad("has metadata '" + key + "' holding '" + v + "', not true or false");
        }
        return v.equals("true");
    }

    private int[] pair(String key) throws SafetensorsException {
        String[] parts = list(key);
        if (parts.length == 0) {
            return null;
        }
        if (parts.length != 2) {
            throw bad("has metadata '" + key + "' = '" + text(key) + "', not 'epoch,step'");
        }
        return new int[] {(int) parse(key, parts[0]), (int) parse(key, parts[1])};
    }

    private SafetensorsException bad(String what) {
        return new SafetensorsException(file.source(), "checkpoint " + what);
    }
}

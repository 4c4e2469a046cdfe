package dev.jrnn.models.io;

import dev.jrnn.api.Tensor;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.models.train.NonFiniteException;
import dev.jrnn.api.autograd.WeightGuard;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;

/**
 * Saves and loads parameters as a PyTorch {@code state_dict} in safetensors: one tensor per
 * parameter under its name ({@code weight_ih_l0}, ...), so {@code model.load_state_dict} in PyTorch
 * reads what jrnn saves and jrnn reads what PyTorch saves. A whole model's keys carry its modules'
 * prefixes ({@code lstm.weight_ih_l0}, {@code head.weight}): {@link StateDictKeys} maps parameter
 * names to them both ways ({@link SaveOptions#withKeys}, {@link LoadOptions#withKeys}); a
 * non-strict load ({@link LoadOptions#nonStrict()}) loads what matches and reports the rest; F16
 * and BF16 files load upcast, and {@link SaveOptions#as} writes them.
 *
 * <p>Thread safety: loading into the parameters of a model that serves forward passes on other
 * threads is safe: the file is read and every new value made first, then the values are swapped
 * in one step per {@link WeightGuard} ({@link Parameter#setAll}), so each pass uses the old weights
 * or the new, and the old ones are closed once no pass holds them. Saving reads one consistent
 * set under a lease.
 */
public final class StateDict {
    private StateDict() {
    }

    /**
     * Writes the parameters' values atomically, in order, under the keys and in the dtype of
     * {@code options}, with {@code metadata} plus {@code format=pt} (the key Hugging Face's loaders
     * expect) unless given. Nothing is modified. The values are copied under a lease on the
     * parameters' guards: one consistent set, even while another thread replaces them.
     *
     * @throws NonFiniteException       naming the parameter when one holds a NaN or infinity (nothing is
     *                                  written: a diverged model does not replace a good file)
     * @throws IllegalArgumentException when two parameters map to one key, or a value is beyond the range
     *                                  of the stored dtype (F16 above 65504), naming it
     */
    public static void save(Path file, Iterable<Parameter> parameters, Map<String, String> metadata,
                            SaveOptions options) throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter();
        writer.metadata("format", "pt").metadata(metadata);
        Map<String, String> keys = options.keys().keys(names(parameters));
        try (WeightGuard.Lease weights = WeightGuard.read(parameters)) {
            for (Parameter p : parameters) {
                NonFiniteException.requireFiniteWeights(p.name(), p.value().toDoubleArray());
                String key = keys.get(p.name());
                if (options.dtype() == null) {
                    writer.put(key, p.value());
                } else {
                    writer.put(key, p.value(), options.dtype());
                }
            }
        }
        writer.write(file);
    }

    /** {@link #save(Path, Iterable, Map, SaveOptions)} with the default options. */
    public static void save(Path file, Iterable<Parameter> parameters, Map<String, String> metadata)
            throws IOException {
        save(file, parameters, metadata, SaveOptions.DEFAULT);
    }

    /** {@link #save(Path, Iterable, Map, SaveOptions)} with no extra metadata. */
    public static void save(Path file, Iterable<Parameter> parameters, SaveOptions options) throws IOException {
        save(file, parameters, Map.of(), options);
    }

    /** {@link #save(Path, Iterable, Map)} with no extra metadata. */
    public static void save(Path file, Iterable<Parameter> parameters) throws IOException {
        save(file, parameters, Map.of());
    }

    /**
     * Reads {@code file} and loads it strictly into {@code parameters} with the
     * {@link LoadOptions#DEFAULT default options} (NaN and infinite weights rejected); returns the
     * file's metadata.
     *
     * @throws SafetensorsException for any file that is malformed, exceeds a limit, holds non-finite
     *                              weights or does not match the parameters ({@link WeightsMismatchException});
     *                              the parameters are then unchanged
     */
    public static Map<String, String> load(Path file, Iterable<Parameter> parameters) throws IOException {
        return load(file, parameters, LoadOptions.DEFAULT);
    }

    /** {@link #load(Path, Iterable)} with {@code options}; {@link #loadWithReport} also tells what a non-strict load skipped. */
    public static Map<String, String> load(Path file, Iterable<Parameter> parameters, LoadOptions options)
            throws IOException {
        return loadWithReport(file, parameters, options).metadata();
    }

    /**
     * Reads {@code file} and loads it into {@code parameters} as {@link #load(SafetensorsFile, Iterable, LoadOptions)}
     * does; returns the missing and unexpected keys (both empty unless {@code options} are
     * {@link LoadOptions#nonStrict() non-strict}) and the file's metadata.
     */
    public static LoadReport loadWithReport(Path file, Iterable<Parameter> parameters, LoadOptions options)
            throws IOException {
        return load(Safetensors.read(file, options), parameters, options);
    }

    /** {@link #load(SafetensorsFile, Iterable, LoadOptions)} with the default options. */
    public static LoadReport load(SafetensorsFile file, Iterable<Parameter> parameters) throws SafetensorsException {
        return load(file, parameters, LoadOptions.DEFAULT);
    }

    /**
     * Loads as PyTorch's {@code load_state_dict}: each parameter from the key {@code options.keys()}
     * gives it. Strict (the default): every parameter must have a tensor of its shape in the file and
     * the file no other tensor. Non-strict: the parameters whose keys the file holds are loaded, the
     * others keep their values, and the report lists the missing and unexpected keys; a tensor of
     * another shape is an error either way. Values are converted to each parameter's dtype (F16 and
     * BF16 upcast exactly), must be finite unless {@code options} allow otherwise, and replace its
     * value ({@link Parameter#set}, which closes the old one; the new values belong to the caller's
     * {@link dev.jrnn.api.TensorScope}, if one is open). Everything is checked and every new value
     * made before any parameter is modified; then the values are swapped atomically per guard (a
     * model's parameters share one), safe while other threads run the model.
     *
     * @throws WeightsMismatchException naming the file and the missing, unexpected or mis-shaped tensors
     * @throws SafetensorsException     naming the tensor and position of a NaN or infinite value
     */
    public static LoadReport load(SafetensorsFile file, Iterable<Parameter> parameters, LoadOptions options)
            throws SafetensorsException {
        Map<String, String> keyOf = options.keys().keys(names(parameters));
        Map<String, Parameter> byKey = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            byKey.put(keyOf.get(p.name()), p);
        }
        List<String> missing = new ArrayList<>();
        List<String> wrongShape = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : byKey.entrySet()) {
            String key = e.getKey();
            Parameter p = e.getValue();
            if (!file.contains(key)) {
                missing.add(key);
            } else if (!file.shape(key).equals(p.shape())) {
                wrongShape.add(key + (key.equals(p.name()) ? "" : " (parameter " + p.name() + ")")
                        + ": the file has shape " + file.shape(key) + ", the model expects " + p.shape());
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String name : file.names()) {
            if (!byKey.containsKey(name)) {
                unexpected.add(name);
            }
        }
        boolean keysDiffer = !missing.isEmpty() || !unexpected.isEmpty();
        if ((options.strict() && keysDiffer) || !wrongShape.isEmpty()) {
            throw mismatch(file, byKey.keySet(), options, missing, unexpected, wrongShape);
        }
        Map<Parameter, Tensor> values = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Parameter> e : byKey.entrySet()) {
                Parameter p = e.getValue();
                if (file.contains(e.getKey())) {
                    values.put(p, file.tensor(e.getKey(), p.backend(), p.dtype(), options));
                }
            }
        } catch (SafetensorsException | RuntimeException ex) {
            values.values().forEach(Tensor::close);
            throw ex;
        }
        Parameter.setAll(values);
        return new LoadReport(file.source(), missing, unexpected, file.metadata());
    }

    private static WeightsMismatchException mismatch(SafetensorsFile file, Collection<String> keys, LoadOptions options,
                                                     List<String> missing, List<String> unexpected,
                                                     List<String> wrongShape) {
        StringBuilder sb = new StringBuilder("does not match the model's parameters");
        if (options.strict() && !missing.isEmpty()) {
            sb.append("; missing key(s): ").append(missing);
        }
        if (options.strict() && !unexpected.isEmpty()) {
            sb.append("; unexpected key(s): ").append(unexpected);
        }
        for (String s : wrongShape) {
            sb.append("; size mismatch for ").append(s);
        }
        sb.append(" (the model has ").append(keys);
        if (options.keys() != StateDictKeys.identity()) {
            sb.append(", keys mapped ").append(options.keys());
        }
        sb.append(')');
        if (options.strict() && wrongShape.isEmpty()) {
            sb.append("; LoadOptions.nonStrict() loads the matching keys and reports the others");
        }
        return new WeightsMismatchException(file.source(), sb.toString());
    }

    /** The distinct parameter names, in order (a parameter listed twice is one tensor). */
    private static Set<String> names(Iterable<Parameter> parameters) {
        Set<String> names = new LinkedHashSet<>();
        parameters.forEach(p -> names.add(p.name()));
        return names;
    }
}

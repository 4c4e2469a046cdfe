package dev.jrnn.models.io;

import dev.jrnn.api.Tensor;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.models.train.NonFiniteException;
import dev.jrnn.api.autograd.WeightGuard;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves and loads parameters as a PyTorch {@code state_dict} in safetensors: one tensor per
 * parameter under its name ({@code weight_ih_l0}, ...), so {@code model.load_state_dict} in PyTorch
 * reads what jrnn saves and jrnn reads what PyTorch saves.
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
     * Writes the parameters' values atomically, in order, with {@code metadata} plus
     * {@code format=pt} (the key Hugging Face's loaders expect) unless given. Nothing is modified.
     *
     * @throws NonFiniteException naming the parameter when one holds a NaN or infinity (nothing is
     *                            written: a diverged model does not replace a good file)
     * The values are copied under a lease on the parameters' guards: one consistent set, even
     * while another thread replaces them.
     */
    public static void save(Path file, Iterable<Parameter> parameters, Map<String, String> metadata)
            throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter();
        writer.metadata("format", "pt").metadata(metadata);
        try (WeightGuard.Lease weights = WeightGuard.read(parameters)) {
            for (Parameter p : parameters) {
                NonFiniteException.requireFiniteWeights(p.name(), p.value().toDoubleArray());
                writer.put(p.name(), p.value());
            }
        }
        writer.write(file);
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

    /** {@link #load(Path, Iterable)} with {@code options}. */
    public static Map<String, String> load(Path file, Iterable<Parameter> parameters, LoadOptions options)
            throws IOException {
        SafetensorsFile read = Safetensors.read(file, options);
        load(read, parameters, options);
        return read.metadata();
    }

    /** {@link #load(SafetensorsFile, Iterable, LoadOptions)} with the default options. */
    public static void load(SafetensorsFile file, Iterable<Parameter> parameters) throws SafetensorsException {
        load(file, parameters, LoadOptions.DEFAULT);
    }

    /**
     * Loads strictly, as PyTorch's {@code load_state_dict(strict=True)}: every parameter must have a
     * tensor of its shape in the file and the file no other tensor. Values are converted to each
     * parameter's dtype, must be finite unless {@code options} allow otherwise, and replace its value
     * ({@link Parameter#set}, which closes the old one; the new values belong to the caller's
     * {@link dev.jrnn.api.TensorScope}, if one is open). Everything is checked and every new value
     * made before any parameter is modified; then the values are swapped atomically per guard (a
     * model's parameters share one), safe while other threads run the model.
     *
     * @throws WeightsMismatchException naming the file and the missing, unexpected or mis-shaped tensors
     * @throws SafetensorsException     naming the tensor and position of a NaN or infinite value
     */
    public static void load(SafetensorsFile file, Iterable<Parameter> parameters, LoadOptions options)
            throws SafetensorsException {
        Map<String, Parameter> byName = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            byName.put(p.name(), p);
        }
        List<String> missing = new ArrayList<>();
        List<String> wrongShape = new ArrayList<>();
        for (Parameter p : byName.values()) {
            if (!file.contains(p.name())) {
                missing.add(p.name());
            } else if (!file.shape(p.name()).equals(p.shape())) {
                wrongShape.add(p.name() + ": the file has shape " + file.shape(p.name()) + ", the model expects "
                        + p.shape());
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String name : file.names()) {
            if (!byName.containsKey(name)) {
                unexpected.add(name);
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || !wrongShape.isEmpty()) {
            StringBuilder sb = new StringBuilder("does not match the model's parameters");
            if (!missing.isEmpty()) {
                sb.append("; missing key(s): ").append(missing);
            }
            if (!unexpected.isEmpty()) {
                sb.append("; unexpected key(s): ").append(unexpected);
            }
            for (String s : wrongShape) {
                sb.append("; size mismatch for ").append(s);
            }
            throw new WeightsMismatchException(file.source(), sb.append(" (the model has ").append(byName.keySet())
                    .append(')').toString());
        }
        Map<Parameter, Tensor> values = new LinkedHashMap<>();
        try {
            for (Parameter p : byName.values()) {
                values.put(p, file.tensor(p.name(), p.backend(), p.dtype(), options));
            }
        } catch (SafetensorsException | RuntimeException ex) {
            values.values().forEach(Tensor::close);
            throw ex;
        }
        Parameter.setAll(values);
    }
}

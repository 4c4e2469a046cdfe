package dev.jrnn.models.io;

import dev.jrnn.api.Tensor;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.models.train.NonFiniteException;
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
     */
    public static void save(Path file, Iterable<Parameter> parameters, Map<String, String> metadata)
            throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter();
        writer.metadata("format", "pt").metadata(metadata);
        for (Parameter p : parameters) {
            NonFiniteException.requireFiniteWeights(p.name(), p.value().toDoubleArray());
            writer.put(p.name(), p.value());
        }
        writer.write(file);
    }

    /** {@link #save(Path, Iterable, Map)} with no extra metadata. */
    public static void save(Path file, Iterable<Parameter> parameters) throws IOException {
        save(file, parameters, Map.of());
    }

    /** Reads {@code file} and loads it strictly into {@code parameters}; returns the file's metadata. */
    public static Map<String, String> load(Path file, Iterable<Parameter> parameters) throws IOException {
        SafetensorsFile read = Safetensors.read(file);
        load(read, parameters);
        return read.metadata();
    }

    /**
     * Loads strictly, as PyTorch's {@code load_state_dict(strict=True)}: every parameter must have a
     * tensor of its shape in the file and the file no other tensor. Values are converted to each
     * parameter's dtype and replace its value ({@link Parameter#set}, which closes the old one; the
     * new values belong to the caller's {@link dev.jrnn.api.TensorScope}, if one is open).
     * Everything is checked before any parameter is modified.
     *
     * @throws WeightsMismatchException naming the file and the missing, unexpected or mis-shaped tensors
     */
    public static void load(SafetensorsFile file, Iterable<Parameter> parameters) throws WeightsMismatchException {
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
        for (Parameter p : byName.values()) {
            Tensor value = file.tensor(p.name(), p.backend(), p.dtype());
            p.set(value);
        }
    }
}

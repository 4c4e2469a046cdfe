package dev.jrnn.api.cell;

import dev.jrnn.api.DType;
import dev.jrnn.api.backend.Backend;
import java.util.Map;

/**
 * What a {@link CellProvider} needs to build a cell.
 *
 * @param backend    where the parameters live
 * @param dtype      parameter dtype
 * @param inputSize  I
 * @param hiddenSize H
 * @param bias       whether the cell has biases
 * @param nameSuffix appended to every parameter name, for example {@code _l1_reverse} ({@code ""} for none)
 * @param seed       seed of the host-side generator that draws the initial weights
 * @param options    cell-specific settings, for example {@code nonlinearity=relu}
 */
public record CellConfig(Backend backend, DType dtype, int inputSize, int hiddenSize, boolean bias,
                         String nameSuffix, long seed, Map<String, String> options) {

    public CellConfig {
        if (backend == null || dtype == null) {
            throw new IllegalArgumentException("cell config: backend and dtype are required");
        }
        if (inputSize <= 0 || hiddenSize <= 0) {
            throw new IllegalArgumentException("cell config: inputSize " + inputSize + " and hiddenSize "
                    + hiddenSize + " must be positive");
        }
        nameSuffix = nameSuffix == null ? "" : nameSuffix;
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** A config with biases, no name suffix, no options. */
    public static CellConfig of(Backend backend, DType dtype, int inputSize, int hiddenSize, long seed) {
        return new CellConfig(backend, dtype, inputSize, hiddenSize, true, "", seed, Map.of());
    }

    /** The option's value, or {@code fallback} when unset. */
    public String option(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }
}

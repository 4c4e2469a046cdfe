package dev.jrnn.models.io;

import java.util.Objects;

/**
 * How {@link StateDict#save(java.nio.file.Path, Iterable, java.util.Map, SaveOptions)} writes parameters.
 *
 * @param dtype the stored type of every parameter, or null (the default) for each parameter's own
 *              (F32 for FLOAT32, F64 for FLOAT64). F16 and BF16 halve the file and round each value
 *              once to nearest, ties to even; a finite value beyond the type's range is refused
 * @param keys  the state-dict key of each parameter name ({@link StateDictKeys#identity()} by default)
 */
public record SaveOptions(SafetensorsDType dtype, StateDictKeys keys) {
    /** Each parameter in its own dtype, under its own name. */
    public static final SaveOptions DEFAULT = new SaveOptions(null, StateDictKeys.identity());

    public SaveOptions {
        if (dtype != null && dtype.isInteger()) {
            throw new IllegalArgumentException("save options: weights are stored as F64, F32, F16 or BF16, not "
                    + dtype);
        }
        Objects.requireNonNull(keys, "save options: keys (StateDictKeys.identity() for the parameter names)");
    }

    /** These options storing every parameter as {@code dtype} (F64, F32, F16 or BF16). */
    public SaveOptions as(SafetensorsDType dtype) {
        return new SaveOptions(Objects.requireNonNull(dtype, "dtype"), keys);
    }

    /** These options writing each parameter under the key {@code keys} gives it. */
    public SaveOptions withKeys(StateDictKeys keys) {
        return new SaveOptions(dtype, keys);
    }
}

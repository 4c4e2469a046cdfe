package dev.jrnn.models.io;

import java.util.Objects;

/**
 * What a loader accepts from a file beyond the format's own rules, and how a state dict's keys meet
 * the parameters.
 *
 * @param maxHeaderBytes the largest JSON header read, in bytes; a larger declared header is rejected
 *                       before it is read ({@link #DEFAULT_MAX_HEADER_BYTES} by default, the limit of
 *                       the reference implementation)
 * @param allowNonFinite whether weights may be NaN or infinite; when false (the default) such a value
 *                       is rejected naming its tensor and position, since it would make every output NaN
 * @param strict         whether every parameter must be in the file and the file hold nothing else
 *                       (the default, PyTorch's {@code strict=True}); when false, the parameters found are
 *                       loaded, the others keep their values and {@link StateDict#loadWithReport} reports
 *                       the missing and unexpected keys. A tensor of another shape is an error either way
 * @param keys           the state-dict key of each parameter name ({@link StateDictKeys#identity()} by default)
 */
public record LoadOptions(long maxHeaderBytes, boolean allowNonFinite, boolean strict, StateDictKeys keys) {
    /** 100 MiB. */
    public static final long DEFAULT_MAX_HEADER_BYTES = 100L * 1024 * 1024;

    /** The defaults: headers up to 100 MiB, finite weights only, strict, keys equal to the names. */
    public static final LoadOptions DEFAULT = new LoadOptions(DEFAULT_MAX_HEADER_BYTES, false);

    public LoadOptions {
        if (maxHeaderBytes < 2 || maxHeaderBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxHeaderBytes must be in [2, 2^31 - 9], got " + maxHeaderBytes);
        }
        Objects.requireNonNull(keys, "load options: keys (StateDictKeys.identity() for the parameter names)");
    }

    /** Strict options with keys equal to the parameter names. */
    public LoadOptions(long maxHeaderBytes, boolean allowNonFinite) {
        this(maxHeaderBytes, allowNonFinite, true, StateDictKeys.identity());
    }

    /** These options, accepting NaN and infinite weights. */
    public LoadOptions allowingNonFinite() {
        return new LoadOptions(maxHeaderBytes, true, strict, keys);
    }

    /** These options with another header limit. */
    public LoadOptions withMaxHeaderBytes(long bytes) {
        return new LoadOptions(bytes, allowNonFinite, strict, keys);
    }

    /** These options loading what matches and reporting the rest (PyTorch's {@code strict=False}). */
    public LoadOptions nonStrict() {
        return new LoadOptions(maxHeaderBytes, allowNonFinite, false, keys);
    }

    /** These options reading each parameter from the key {@code keys} gives it. */
    public LoadOptions withKeys(StateDictKeys keys) {
        return new LoadOptions(maxHeaderBytes, allowNonFinite, strict, keys);
    }
}

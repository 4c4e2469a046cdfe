package dev.jrnn.models.io;

/**
 * What a loader accepts from a file beyond the format's own rules.
 *
 * @param maxHeaderBytes the largest JSON header read, in bytes; a larger declared header is rejected
 *                       before it is read ({@link #DEFAULT_MAX_HEADER_BYTES} by default, the limit of
 *                       the reference implementation)
 * @param allowNonFinite whether weights may be NaN or infinite; when false (the default) such a value
 *                       is rejected naming its tensor and position, since it would make every output NaN
 */
public record LoadOptions(long maxHeaderBytes, boolean allowNonFinite) {
    /** 100 MiB. */
    public static final long DEFAULT_MAX_HEADER_BYTES = 100L * 1024 * 1024;

    /** The defaults: headers up to 100 MiB, finite weights only. */
    public static final LoadOptions DEFAULT = new LoadOptions(DEFAULT_MAX_HEADER_BYTES, false);

    public LoadOptions {
        if (maxHeaderBytes < 2 || maxHeaderBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxHeaderBytes must be in [2, 2^31 - 9], got " + maxHeaderBytes);
        }
    }

    /** These options, accepting NaN and infinite weights. */
    public LoadOptions allowingNonFinite() {
        return new LoadOptions(maxHeaderBytes, true);
    }

    /** These options with another header limit. */
    public LoadOptions withMaxHeaderBytes(long bytes) {
        return new LoadOptions(bytes, allowNonFinite);
    }
}

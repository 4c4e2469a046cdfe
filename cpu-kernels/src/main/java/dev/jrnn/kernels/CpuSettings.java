package dev.jrnn.kernels;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The settings jrnn's CPU backends share: each backend reads them once, when it is created, and
 * hands them to {@link CpuKernels#of}. The README's settings table lists the properties.
 *
 * @param vector     whether the FLOAT32 kernels may run on the Vector API (they do only where the JVM
 *                   also has {@code jdk.incubator.vector}); system property {@value #VECTOR}
 * @param spinMicros microseconds a {@link Workers} thread spins for the next job before it parks;
 *                   system property {@value #SPIN_MICROS}
 * @param inferenceBiasInGates whether the LSTM sequence inference kernel ({@link LstmSequenceInference})
 *                   stores each step's product and adds the biases in the gate math; system property
 *                   {@value #INFERENCE_BIAS_IN_GATES}
 */
public record CpuSettings(boolean vector, long spinMicros, boolean inferenceBiasInGates) {
    /** System property: {@code false} runs every CPU backend's kernels without the Vector API. */
    public static final String VECTOR = "jrnn.vector";
    /** Former, per-module spellings of {@value #VECTOR}, still read (with a warning) when it is unset. */
    public static final List<String> DEPRECATED_VECTOR = List.of("jrnn.kernels.vector", "jrnn.ejml.vector");
    /** System property: microseconds a worker spins for the next job before it parks. */
    public static final String SPIN_MICROS = "jrnn.workers.spinMicros";
    /** Default of {@value #SPIN_MICROS}: longer than the gate math between two steps' products. */
    public static final long DEFAULT_SPIN_MICROS = 200;
    /**
     * System property: {@code false} has the LSTM sequence inference kernel add each step's product
     * onto rows of the biases copied into place, as before.
     */
    public static final String INFERENCE_BIAS_IN_GATES = "jrnn.inference.biasInGates";

    private static final System.Logger LOG = System.getLogger(CpuSettings.class.getName());
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    /** The settings when no property is set. */
    public static CpuSettings defaults() {
        return new CpuSettings(true, DEFAULT_SPIN_MICROS, true);
    }

    /** The settings with {@code inferenceBiasInGates} at its default, true. */
    public CpuSettings(boolean vector, long spinMicros) {
        this(vector, spinMicros, true);
    }

    /** The settings the system properties give. */
    public static CpuSettings fromSystemProperties() {
        return from(System::getProperty);
    }

    /**
     * The settings {@code properties} (a system-property lookup) gives. A deprecated spelling of
     * {@value #VECTOR} applies only where that is unset; either way its use is logged once.
     */
    public static CpuSettings from(Function<String, String> properties) {
        Objects.requireNonNull(properties, "properties");
        String vector = properties.apply(VECTOR);
        for (String old : DEPRECATED_VECTOR) {
            String value = properties.apply(old);
            if (value == null) {
                continue;
            }
            if (vector == null) {
                vector = value;
                warnOnce(old + "=" + value + " applies as " + VECTOR + "=" + value + " (" + old
                        + " is deprecated; set " + VECTOR + ")");
            } else {
                warnOnce(old + " is ignored: " + VECTOR + " is set (" + old + " is deprecated)");
            }
        }
        return new CpuSettings(vector == null || Boolean.parseBoolean(vector),
                longValue(properties.apply(SPIN_MICROS), DEFAULT_SPIN_MICROS),
                !"false".equalsIgnoreCase(properties.apply(INFERENCE_BIAS_IN_GATES)));
    }

    /**
     * {@code value} as {@link Long#decode} reads it, or {@code otherwise} where it is null or not a
     * number, as {@link Long#getLong(String, long)} does for a system property.
     */
    public static long longValue(String value, long otherwise) {
        if (value == null) {
            return otherwise;
        }
        try {
            return Long.decode(value);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static void warnOnce(String message) {
        if (WARNED.add(message)) {
            LOG.log(Level.WARNING, "jrnn: " + message);
        }
    }
}

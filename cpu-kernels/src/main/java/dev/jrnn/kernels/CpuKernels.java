package dev.jrnn.kernels;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shared CPU kernels as one backend's settings choose them: the gate math of the three cells
 * ({@link #lstm()}, {@link #gru()}, {@link #rnn()}) and the {@link #workers()} that split it. The
 * FLOAT32 gate math runs on the Vector API where {@link CpuSettings#vector()} allows it and the JVM
 * has {@code jdk.incubator.vector} (the Vector API classes are compiled separately and loaded by
 * name, so the jar runs on any Java 17 JVM); otherwise, or if loading fails, on scalar loops. Each
 * distinct choice is logged once.
 *
 * <pre>{@code
 * CpuKernels cpu = CpuKernels.of(CpuSettings.fromSystemProperties());   // in a backend's create()
 * cpu.lstm().forward(rows, h, z, 0, null, 0, bias, c, 0, z, 0, cNext, 0, hNext, 0);
 * }</pre>
 */
public final class CpuKernels {
    private static final String MODULE = "jdk.incubator.vector";
    private static final String IMPLEMENTATION = "dev.jrnn.kernels.VectorFloatGates";
    private static final String ROW_IMPLEMENTATION = "dev.jrnn.kernels.VectorRowProduct";
    private static final System.Logger LOG = System.getLogger(CpuKernels.class.getName());
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private final CpuSettings settings;
    private final FloatGates floats;
    private final boolean vector;
    private final Lstm lstm;
    private final Gru gru;
    private final Rnn rnn;
    private final RowProduct rows;
    private final Workers workers;

    private CpuKernels(CpuSettings settings, FloatGates vectorGates) {
        this.settings = settings;
        this.vector = vectorGates != null;
        this.floats = vector ? vectorGates : new ScalarFloatGates();
        this.lstm = new Lstm(floats);
        this.gru = new Gru(floats);
        this.rnn = new Rnn(floats);
        this.rows = vector && Vector.ROWS != null ? Vector.ROWS : new ScalarRowProduct();
        this.workers = Workers.spinning(settings.spinMicros());
    }

    /** The kernels {@code settings} ask for; logs the FLOAT32 choice the first time it is made. */
    public static CpuKernels of(CpuSettings settings) {
        Objects.requireNonNull(settings, "settings");
        FloatGates gates = settings.vector() ? Vector.GATES : null;
        String why;
        if (!settings.vector()) {
            why = "scalar (" + CpuSettings.VECTOR + "=false)";
        } else if (gates == null) {
            why = "scalar (run with --add-modules " + MODULE + " for the vector ones)";
        } else {
            why = gates.toString();
        }
        if (LOGGED.add(why)) {
            LOG.log(Level.INFO, "jrnn cpu kernels: {0}", why);
        }
        return new CpuKernels(settings, gates);
    }

    /** The settings these kernels were chosen by. */
    public CpuSettings settings() {
        return settings;
    }

    /** Whether the FLOAT32 gate math runs on the Vector API. */
    public boolean vector() {
        return vector;
    }

    /** The LSTM cell's gate math. */
    public Lstm lstm() {
        return lstm;
    }

    /** The GRU cell's gate math. */
    public Gru gru() {
        return gru;
    }

    /** The Elman cell's gate math. */
    public Rnn rnn() {
        return rnn;
    }

    /**
     * The FLOAT32 product of one row by a packed matrix (batch-1 recurrences), on the Vector API
     * where the gate math runs there.
     */
    public RowProduct rows() {
        return rows;
    }

    /** The JVM's {@link Workers}, spinning between jobs as the settings say. */
    public Workers workers() {
        return workers;
    }

    /** The FLOAT32 kernels in use, in words (for logs and diagnostics). */
    @Override
    public String toString() {
        return floats.toString();
    }

    /** The Vector API kernels when the JVM has the module, else null; loaded on first use. */
    static FloatGates vectorGates() {
        return Vector.GATES;
    }

    /** Loads the Vector API kernels once per JVM. */
    private static final class Vector {
        static final FloatGates GATES = (FloatGates) load(IMPLEMENTATION);
        static final RowProduct ROWS = GATES == null ? null : (RowProduct) load(ROW_IMPLEMENTATION);

        private static Object load(String implementation) {
            if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
                return null;
            }
            try {
                return Class.forName(implementation).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                LOG.log(Level.INFO, "jrnn cpu kernels: the vector ones failed to load: " + e);
                return null;
            }
        }
    }
}

package dev.jrnn.backend.ejml;

import dev.jrnn.kernels.CpuSettings;
import java.util.function.Function;

/**
 * The EJML backend's settings, read once when the backend is created. The README's settings table
 * lists the properties.
 *
 * @param cpu            the shared CPU kernels' settings ({@code jrnn.vector} also chooses this
 *                       backend's Vector API GEMM)
 * @param parallelWork   M*N*K from which a Vector API product is split over the cores
 *                       ({@value #PARALLEL_WORK})
 * @param concurrentWork M*N*K from which a product without the Vector API runs on EJML's concurrent
 *                       kernels ({@value #CONCURRENT_WORK})
 * @param weightCache    whether a tensor keeps the forms of itself that products by it need (its
 *                       transpose, its packed panels) after the first product made them
 *                       ({@value #WEIGHT_CACHE})
 * @param sequenceWork   multiply-adds of a whole sequence's recurrent products (T*B*G*H*H) from which
 *                       the batch rows of a recurrence are split over the cores for the whole
 *                       sequence ({@value #SEQUENCE_WORK})
 * @param inferenceKernel whether LSTM inference from the layer's input runs on its own kernel, one
 *                       product per step by both weights stacked, nothing saved
 *                       ({@value #INFERENCE_KERNEL}); off, it runs the projection and the training
 *                       kernel
 * @param gemmDepth      depth of the Vector API FLOAT32 GEMM's K blocks (columns of A and rows of B
 *                       per pass); 0: the kernels' default for the vector width (512 with 512-bit
 *                       vectors, 256 with 256-bit ones)
 * @param gemmDirectColumns widest C (columns) whose untransposed A the Vector API FLOAT32 GEMM reads
 *                       in place rather than packing it (with 512-bit vectors); negative: the
 *                       kernels' default (256), 0: always packed
 */
record EjmlSettings(CpuSettings cpu, long parallelWork, long concurrentWork, boolean weightCache, long sequenceWork,
                    boolean inferenceKernel, int gemmDepth, int gemmDirectColumns) {
    /** System property: multiply-adds from which a Vector API product is split over the cores. */
    static final String PARALLEL_WORK = "jrnn.ejml.parallelWork";
    /** System property: multiply-adds from which a product runs on EJML's concurrent kernels. */
    static final String CONCURRENT_WORK = "jrnn.ejml.concurrentWork";
    /** System property: {@code false} makes every product transpose and pack its weight again. */
    static final String WEIGHT_CACHE = "jrnn.ejml.weightCache";
    /** System property: multiply-adds of a sequence's recurrent products from which its batch rows are split over the cores. */
    static final String SEQUENCE_WORK = "jrnn.ejml.sequenceWork";
    /** System property: {@code false} runs LSTM inference as the projection and the training kernel. */
    static final String INFERENCE_KERNEL = "jrnn.ejml.inferenceKernel";
    /** System property: the depth of the Vector API FLOAT32 GEMM's K blocks (0: the kernels' default). */
    static final String GEMM_DEPTH = "jrnn.ejml.gemmDepth";
    /** System property: the widest C whose A the Vector API FLOAT32 GEMM reads unpacked (negative: the default). */
    static final String GEMM_DIRECT_COLUMNS = "jrnn.ejml.gemmDirectColumns";
    /** Default of {@value #PARALLEL_WORK}: below it, handing a part to a busy core costs more than it saves. */
    static final long DEFAULT_PARALLEL_WORK = 1L << 21;
    /** Default of {@value #CONCURRENT_WORK}: below it EJML's concurrent kernels lost on two busy cores. */
    static final long DEFAULT_CONCURRENT_WORK = 1L << 25;
    /**
     * Default of {@value #SEQUENCE_WORK}: the cores join once per sequence, so a sequence of a few
     * hundred microseconds of products pays for it.
     */
    static final long DEFAULT_SEQUENCE_WORK = 1L << 22;

    /** The settings with the GEMM's default K blocks and packing. */
    EjmlSettings(CpuSettings cpu, long parallelWork, long concurrentWork, boolean weightCache, long sequenceWork,
                 boolean inferenceKernel) {
        this(cpu, parallelWork, concurrentWork, weightCache, sequenceWork, inferenceKernel, 0, -1);
    }

    /** The settings with the inference kernel on and the GEMM's default K blocks. */
    EjmlSettings(CpuSettings cpu, long parallelWork, long concurrentWork, boolean weightCache, long sequenceWork) {
        this(cpu, parallelWork, concurrentWork, weightCache, sequenceWork, true);
    }

    /** The settings when no property is set. */
    static EjmlSettings defaults() {
        return new EjmlSettings(CpuSettings.defaults(), DEFAULT_PARALLEL_WORK, DEFAULT_CONCURRENT_WORK, true,
                DEFAULT_SEQUENCE_WORK, true, 0, -1);
    }

    /** The settings the system properties give. */
    static EjmlSettings fromSystemProperties() {
        return from(System::getProperty);
    }

    /** The settings {@code properties} (a system-property lookup) gives; numbers read as {@link Long#getLong} does. */
    static EjmlSettings from(Function<String, String> properties) {
        return new EjmlSettings(CpuSettings.from(properties),
                CpuSettings.longValue(properties.apply(PARALLEL_WORK), DEFAULT_PARALLEL_WORK),
                CpuSettings.longValue(properties.apply(CONCURRENT_WORK), DEFAULT_CONCURRENT_WORK),
                !"false".equalsIgnoreCase(String.valueOf(properties.apply(WEIGHT_CACHE)).trim()),
                CpuSettings.longValue(properties.apply(SEQUENCE_WORK), DEFAULT_SEQUENCE_WORK),
                !"false".equalsIgnoreCase(String.valueOf(properties.apply(INFERENCE_KERNEL)).trim()),
                (int) Math.max(0, Math.min(Integer.MAX_VALUE, CpuSettings.longValue(properties.apply(GEMM_DEPTH), 0))),
                (int) Math.max(-1, Math.min(Integer.MAX_VALUE,
                        CpuSettings.longValue(properties.apply(GEMM_DIRECT_COLUMNS), -1))));
    }
}

package dev.jrnn.backend.nd4j;

import dev.jrnn.kernels.CpuSettings;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * The ND4J backend's settings, read once by {@link Nd4jBackendProvider#create()}; a value the
 * backend does not know is refused there, with the property's name. The three environment
 * settings and the JavaCPP one take effect only before the natives first load, so only the first
 * backend of a JVM applies them. The README's settings table lists the properties.
 *
 * @param cpu                   the shared CPU kernels' settings
 * @param oneDnnSgemm           float32 GEMMs on oneDNN's sgemm where its natives load, else OpenBLAS
 *                              ({@value #SGEMM}: {@code onednn} or {@code openblas})
 * @param oneDnnMatmul          large weight-gradient products {@code A^T B} on oneDNN's matmul
 *                              primitive ({@value #MATMUL}: {@code true} or {@code false})
 * @param openblasCoretype      {@code auto}, {@code keep} or a core type for {@code OPENBLAS_CORETYPE}
 *                              ({@value #OPENBLAS_CORETYPE})
 * @param ompWaitPolicy         {@code auto}, {@code keep} or a value for {@code OMP_WAIT_POLICY}
 *                              ({@value #OMP_WAIT_POLICY})
 * @param openblasThreadTimeout {@code auto}, {@code keep} or a value for {@code OPENBLAS_THREAD_TIMEOUT}
 *                              ({@value #OPENBLAS_THREAD_TIMEOUT})
 * @param keepPhysicalBytesCheck whether JavaCPP's resident-size check is left as it is
 *                              ({@value #JAVACPP_PHYSICAL_BYTES}: {@code auto} or {@code keep})
 * @param oneDnnRows            float32 products of a single row (batch-1 steps) on oneDNN's sgemm
 *                              on the calling thread where its natives load ({@value #ROWS}:
 *                              {@code onednn} or {@code default}, which leaves them to the size rules)
 * @param rnnPrimitiveWork      multiply-adds of one step's recurrent product (B*G*H*H) below which
 *                              float32 LSTM and GRU inference over full-length sequences runs on
 *                              oneDNN's whole-sequence RNN primitive where its natives load
 *                              ({@value #RNN_WORK}; {@value #DEFAULT_RNN_WORK}; 0: never)
 * @param lstmInferenceLoop     LSTM inference that the primitive does not take runs in the backend's
 *                              inference loop ({@link Nd4jLstmInference}) rather than the layer's
 *                              projection and training loop ({@value #LSTM_INFERENCE}: {@code true}
 *                              or {@code false})
 * @param oneRowInference       float32 LSTM inference of a single batch row runs on the input projection
 *                              (one oneDNN product for all steps) and jrnn's one-row recurrence in Java
 *                              ({@link Nd4jOneRowInference}) rather than oneDNN's RNN primitive or the
 *                              loop ({@value #ONE_ROW}: {@code true} or {@code false})
 * @param oneRowJavaProjection  that batch-1 inference's input projection runs in Java on a packed copy
 *                              of {@code W_ih^T} rather than on oneDNN ({@value #ONE_ROW_PROJECTION}:
 *                              {@code java} or {@code onednn})
 * @param javaInferenceWork     multiply-adds of one step's stacked product (B*4H*(I+H)) below which
 *                              float32 LSTM inference of two or more batch rows over full-length
 *                              sequences runs in Java on {@code cpu-kernels}' sequence kernel
 *                              ({@link Nd4jSequenceInference}) rather than oneDNN's primitive or the
 *                              loop ({@value #JAVA_INFERENCE_WORK}; {@value #DEFAULT_JAVA_INFERENCE_WORK}; 0: never)
 * @param stepMatmul            the forward loops' batch slices run their step products on oneDNN's
 *                              matmul primitive with the recurrent weight reordered once per slice
 *                              into its kernel's layout, rather than on sgemm ({@value #STEP_MATMUL}:
 *                              {@code true} or {@code false})
 * @param directGates           the training loops' float32 LSTM and GRU gate kernels read and write the
 *                              arrays' native memory in place rather than copies of each step's blocks
 *                              in Java arrays ({@value #DIRECT_GATES}: {@code true} or {@code false})
 * @param backwardStepMatmul    the backward loops' batch slices run their storing step products
 *                              ({@code dh_prev = dG W_hh}, beta 0: LSTM and Elman cells) on the reordered
 *                              weight as well, where {@code stepMatmul} reorders the forward's
 *                              ({@value #BACKWARD_STEP_MATMUL}: {@code true} or {@code false})
 */
record Nd4jSettings(CpuSettings cpu, boolean oneDnnSgemm, boolean oneDnnMatmul, String openblasCoretype,
                    String ompWaitPolicy, String openblasThreadTimeout, boolean keepPhysicalBytesCheck,
                    boolean oneDnnRows, long rnnPrimitiveWork, boolean lstmInferenceLoop,
                    boolean oneRowInference, boolean oneRowJavaProjection, long javaInferenceWork,
                    boolean stepMatmul, boolean directGates, boolean backwardStepMatmul) {
    /** System property choosing the float32 GEMM: {@code onednn} (default) or {@code openblas}. */
    static final String SGEMM = "jrnn.nd4j.sgemm";
    /** System property: {@code false} runs the weight-gradient products on sgemm instead of oneDNN's matmul. */
    static final String MATMUL = "jrnn.nd4j.matmul";
    /** System property: {@code auto} (default), {@code keep} or the value to give {@code OPENBLAS_CORETYPE}. */
    static final String OPENBLAS_CORETYPE = "jrnn.nd4j.openblasCoretype";
    /** System property: {@code auto} (default), {@code keep} or the value to give {@code OMP_WAIT_POLICY}. */
    static final String OMP_WAIT_POLICY = "jrnn.nd4j.ompWaitPolicy";
    /** System property: {@code auto} (default), {@code keep} or the value to give {@code OPENBLAS_THREAD_TIMEOUT}. */
    static final String OPENBLAS_THREAD_TIMEOUT = "jrnn.nd4j.openblasThreadTimeout";
    /** System property: {@code auto} (default) turns JavaCPP's resident-size check off, {@code keep} leaves it. */
    static final String JAVACPP_PHYSICAL_BYTES = "jrnn.nd4j.javacppPhysicalBytes";
    /** System property: {@code onednn} (default) or {@code default}, where single-row float32 products run. */
    static final String ROWS = "jrnn.nd4j.rowProducts";
    /** System property: step products (multiply-adds) below which inference runs on oneDNN's RNN primitives. */
    static final String RNN_WORK = "jrnn.nd4j.rnnPrimitiveWork";
    /** System property: {@code false} runs LSTM inference through the layer's projection and training loop. */
    static final String LSTM_INFERENCE = "jrnn.nd4j.lstmInferenceLoop";
    /** System property: {@code false} leaves batch-1 LSTM inference to oneDNN's RNN primitive or the loop. */
    static final String ONE_ROW = "jrnn.nd4j.oneRowInference";
    /** System property: {@code java} or {@code onednn}, where batch-1 inference's input projection runs. */
    static final String ONE_ROW_PROJECTION = "jrnn.nd4j.oneRowProjection";
    /** System property: step products (multiply-adds) below which LSTM inference of several rows runs in Java. */
    static final String JAVA_INFERENCE_WORK = "jrnn.nd4j.javaInferenceWork";
    /**
     * Default of {@value #JAVA_INFERENCE_WORK}: W1's step (32 x 160 x 512, 2.6M) runs in Java, a
     * W2-sized one (64 x 320 x 1024, 21M) on oneDNN, whose sgemm outruns the Java tiles there.
     */
    static final long DEFAULT_JAVA_INFERENCE_WORK = 1L << 23;
    /** System property: {@code true} runs the forward slices' step products on oneDNN's matmul by a reordered weight. */
    static final String STEP_MATMUL = "jrnn.nd4j.stepMatmul";
    /** System property: {@code false} runs the training loops' gate kernels on Java copies of the native blocks. */
    static final String DIRECT_GATES = "jrnn.nd4j.directGates";
    /** System property: {@code false} keeps the backward slices' step products on sgemm where the forward's are reordered. */
    static final String BACKWARD_STEP_MATMUL = "jrnn.nd4j.backwardStepMatmul";
    /**
     * Default of {@value #RNN_WORK}: below it the primitive, on the calling thread alone, saves the
     * time loop's native calls per step; above it oneDNN's OpenMP team lost to jrnn's loop.
     */
    static final long DEFAULT_RNN_WORK = Nd4jRecurrentInference.TEAM_MACS;

    Nd4jSettings {
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(openblasCoretype, "openblasCoretype");
        Objects.requireNonNull(ompWaitPolicy, "ompWaitPolicy");
        Objects.requireNonNull(openblasThreadTimeout, "openblasThreadTimeout");
    }

    /** The settings the system properties give. */
    static Nd4jSettings fromSystemProperties() {
        return from(System::getProperty);
    }

    /**
     * The settings {@code properties} (a system-property lookup) gives.
     *
     * @throws IllegalArgumentException if a property has a value the backend does not know
     */
    static Nd4jSettings from(Function<String, String> properties) {
        return new Nd4jSettings(CpuSettings.from(properties),
                choice(properties, SGEMM, "onednn", "openblas"),
                choice(properties, MATMUL, "true", "false"),
                orAuto(properties.apply(OPENBLAS_CORETYPE)),
                orAuto(properties.apply(OMP_WAIT_POLICY)),
                orAuto(properties.apply(OPENBLAS_THREAD_TIMEOUT)),
                !choice(properties, JAVACPP_PHYSICAL_BYTES, "auto", "keep"),
                choice(properties, ROWS, "onednn", "default"),
                CpuSettings.longValue(properties.apply(RNN_WORK), DEFAULT_RNN_WORK),
                choice(properties, LSTM_INFERENCE, "true", "false"),
                choice(properties, ONE_ROW, "true", "false"),
                choice(properties, ONE_ROW_PROJECTION, "java", "onednn"),
                CpuSettings.longValue(properties.apply(JAVA_INFERENCE_WORK), DEFAULT_JAVA_INFERENCE_WORK),
                choice(properties, STEP_MATMUL, "true", "false"),
                choice(properties, DIRECT_GATES, "true", "false"),
                choice(properties, BACKWARD_STEP_MATMUL, "true", "false"));
    }

    private static String orAuto(String value) {
        return value == null ? "auto" : value;
    }

    /** True for {@code yes} (the default), false for {@code no}, in any case. */
    private static boolean choice(Function<String, String> properties, String name, String yes, String no) {
        String value = properties.apply(name);
        if (value == null) {
            return true;
        }
        String v = value.toLowerCase(Locale.ROOT);
        if (v.equals(yes)) {
            return true;
        }
        if (v.equals(no)) {
            return false;
        }
        throw new IllegalArgumentException("system property " + name + " is '" + value + "'; expected " + yes + " or "
                + no);
    }
}

package dev.jrnn.backend.cuda;

import dev.jrnn.api.backend.Availability;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only where the CUDA backend is available; elsewhere the whole class, nested
 * suites included, is reported as skipped with the probe's reason. With the system property
 * {@value #REQUIRED_PROPERTY}{@code =true} (set by gpu-check.sh on the GPU machine) an unavailable
 * backend fails the class with that reason instead.
 */
public final class RequiresCuda implements ExecutionCondition {
    /** System property that turns the skip into a failure. */
    public static final String REQUIRED_PROPERTY = "jrnn.cuda.required";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Availability availability = new CudaBackendProvider().availability();
        if (availability.available()) {
            return ConditionEvaluationResult.enabled("CUDA available: " + availability.reason());
        }
        if (Boolean.getBoolean(REQUIRED_PROPERTY)) {
            throw new IllegalStateException("CUDA is required here (" + REQUIRED_PROPERTY + "=true) but unavailable: "
                    + availability.reason());
        }
        return ConditionEvaluationResult.disabled("CUDA unavailable: " + availability.reason());
    }

    /** The backend the GPU tests share, created on first use (one primary context per JVM anyway). */
    static synchronized CudaBackend backend() {
        if (shared == null) {
            shared = (CudaBackend) new CudaBackendProvider().create();
        }
        return shared;
    }

    private static CudaBackend shared;
}

package dev.jrnn.backend.cuda;

import dev.jrnn.api.backend.Availability;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only where the CUDA backend is available; elsewhere the whole class, nested
 * suites included, is reported as skipped with the probe's reason.
 */
public final class RequiresCuda implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Availability availability = new CudaBackendProvider().availability();
        return availability.available()
                ? ConditionEvaluationResult.enabled("CUDA available: " + availability.reason())
                : ConditionEvaluationResult.disabled("CUDA unavailable: " + availability.reason());
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

package dev.jrnn.spark;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Backends;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The backend of an executor JVM, one per name. A name given in code wins; else the usual
 * {@code jrnn.backend} property or {@code JRNN_BACKEND} variable of the executor (set with
 * {@code spark.executor.extraJavaOptions} or {@code spark.executorEnv.JRNN_BACKEND}); else the
 * pure-Java backend {@value #DEFAULT}, which needs nothing native on the machines, even where another
 * backend of higher priority is on the classpath.
 */
final class ExecutorBackends {
    /** The backend executors run unless told otherwise. */
    static final String DEFAULT = "ejml";
    private static final Map<String, Backend> BACKENDS = new ConcurrentHashMap<>();

    private ExecutorBackends() {
    }

    /** The backend named {@code name}, or chosen as the class comment says when it is null. */
    static Backend get(String name) {
        return BACKENDS.computeIfAbsent(resolve(name), Backends::get);
    }

    /** The name {@link #get} uses. */
    static String resolve(String name) {
        if (name != null && !name.isBlank()) {
            return name;
        }
        String configured = System.getProperty(Backends.PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(Backends.ENVIRONMENT);
        }
        return configured == null || configured.isBlank() ? DEFAULT : configured;
    }
}

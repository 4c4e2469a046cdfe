package dev.jrnn.spark;

import dev.jrnn.api.backend.BackendNotFoundException;
import dev.jrnn.api.backend.BackendUnavailableException;
import dev.jrnn.models.train.NonFiniteException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The user's mistake behind a failure, if there is one: Spark wraps a task's exception in its own
 * (whose message leads with the stage and task), so the cause chain is searched for the exception
 * that names the series, column or file.
 */
final class Failures {
    private Failures() {
    }

    /** The first user error in {@code e}'s cause chain, or null. */
    static Throwable userError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException || t instanceof IOException || t instanceof UncheckedIOException
                    || t instanceof BackendNotFoundException || t instanceof BackendUnavailableException
                    || t instanceof NonFiniteException) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}

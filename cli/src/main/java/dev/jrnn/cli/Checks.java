package dev.jrnn.cli;

import dev.jrnn.models.io.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;

/** Checks of the user's output paths made before any work, so that a late failure loses nothing. */
final class Checks {
    private Checks() {
    }

    /**
     * Fails naming the first path (nulls skipped) that could not be written: a directory, or one
     * whose nearest existing directory is not writable ({@link AtomicFile#checkWritable}).
     */
    static void writable(Path... files) {
        for (Path f : files) {
            if (f == null) {
                continue;
            }
            try {
                AtomicFile.checkWritable(f);
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
    }

    /** Fails naming {@code option} when it was given ({@code value} not null) below {@code min}. */
    static void atLeast(String option, Integer value, int min) {
        if (value != null && value < min) {
            throw new IllegalArgumentException(option + " must be at least " + min + ", got " + value);
        }
    }
}

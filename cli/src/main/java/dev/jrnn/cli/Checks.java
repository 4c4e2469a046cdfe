package dev.jrnn.cli;

import dev.jrnn.models.io.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
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

    /**
     * Fails when an output (nulls skipped) is the file {@code input} (the same file by any path or link):
     * writing it would replace what the command reads, the user's data or model.
     */
    static void notInput(String inputOption, Path input, Path... outputs) {
        if (input == null || !Files.exists(input)) {
            return;
        }
        for (Path f : outputs) {
            try {
                if (f != null && Files.exists(f) && Files.isSameFile(input, f)) {
                    throw new IllegalArgumentException("the output " + f + " is the " + inputOption + " file: writing"
                            + " it would replace what is read; name another output file");
                }
            } catch (IOException e) {
                // a path that cannot be compared is left to the read or the write, which name it
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

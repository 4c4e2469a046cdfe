package dev.jrnn.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks of the user's output paths made before any work, so that a late failure loses nothing. */
final class Checks {
    private Checks() {
    }

    /** Fails naming the first path (nulls skipped) that is a directory or whose directory cannot be written. */
    static void writable(Path... files) {
        for (Path f : files) {
            if (f == null) {
                continue;
            }
            Path target = f.toAbsolutePath();
            if (Files.isDirectory(target)) {
                throw new IllegalArgumentException("cannot write " + f + ": it is a directory");
            }
            Path dir = target.getParent();
            while (dir != null && !Files.exists(dir)) {
                dir = dir.getParent();
            }
            if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
                throw new IllegalArgumentException("cannot write " + f + ": " + (dir == null ? "no such directory"
                        : dir + " is not a writable directory"));
            }
        }
    }
}

package dev.jrnn.models.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * When and where the {@link Trainer} writes checkpoints: into a folder, every N optimizer steps
 * and/or at the end of every epoch, keeping the last K. Immutable.
 *
 * <pre>{@code
 * Trainer.builder().checkpoints(Checkpointing.to(dir).everySteps(500).keepLast(3)) ...
 * Trainer.resume(Checkpointing.latest(dir).orElseThrow(), model, train, validation)
 * }</pre>
 *
 * <p>Each checkpoint is one file {@code checkpoint-<steps>.safetensors} (the run's optimizer steps
 * so far, ten digits, so that names sort by step), written atomically: a crash while it is written
 * leaves the previous checkpoints as they were. What a file holds is in
 * {@link Trainer#resume(java.nio.file.Path, Model, TrainingData, Samples)}. With truncated BPTT a
 * step checkpoint waits for the end of the batch of sequences (the carried state is not saved).
 *
 * @param directory  the folder, created if missing
 * @param everySteps a checkpoint after every this many optimizer steps; 0 for none
 * @param everyEpoch a checkpoint at the end of every epoch, after validation
 * @param keepLast   the checkpoints kept: after each write, the older checkpoints of the folder
 *                   beyond the latest K are deleted (files of later steps, left by another run, are
 *                   never touched)
 */
public record Checkpointing(Path directory, int everySteps, boolean everyEpoch, int keepLast) {
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d{10})\\.safetensors");

    public Checkpointing {
        if (directory == null) {
            throw new IllegalArgumentException("checkpointing: a directory is required");
        }
        if (everySteps < 0 || keepLast < 1) {
            throw new IllegalArgumentException("checkpointing: everySteps must be >= 0 and keepLast >= 1, got "
                    + everySteps + " and " + keepLast);
        }
    }

    /**
     * Checkpoints into {@code directory} at the end of every epoch, keeping the last 2 (the latest,
     * and one before it should the latest be lost to something other than a crash while writing).
     */
    public static Checkpointing to(Path directory) {
        return new Checkpointing(directory, 0, true, 2);
    }

    /** Also (or, with {@code everyEpoch(false)}, only) every {@code steps} optimizer steps. */
    public Checkpointing everySteps(int steps) {
        return new Checkpointing(directory, steps, everyEpoch, keepLast);
    }

    public Checkpointing everyEpoch(boolean on) {
        return new Checkpointing(directory, everySteps, on, keepLast);
    }

    public Checkpointing keepLast(int count) {
        return new Checkpointing(directory, everySteps, everyEpoch, count);
    }

    /** The file of the checkpoint after {@code steps} optimizer steps. */
    public Path file(int steps) {
        return directory.resolve(String.format("checkpoint-%010d.safetensors", steps));
    }

    /** The checkpoint of most steps in {@code directory}, if any (none when the folder is missing). */
    public static Optional<Path> latest(Path directory) {
        List<Path> all = checkpoints(directory);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The checkpoint files in {@code directory}, by step. */
    static List<Path> checkpoints(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException ex) {
            throw new UncheckedIOException("checkpointing: cannot list " + directory, ex);
        }
    }

    /** Deletes the checkpoints before {@code written} beyond the {@code keepLast - 1} latest; returns them. */
    List<Path> rotate(Path written) throws IOException {
        int step = step(written);
        List<Path> older = new ArrayList<>();
        for (Path p : checkpoints(directory)) {
            if (step(p) < step) {
                older.add(p);
            }
        }
        List<Path> removed = new ArrayList<>();
        for (int i = 0; i < older.size() - (keepLast - 1); i++) {
            Files.deleteIfExists(older.get(i));
            removed.add(older.get(i));
        }
        return removed;
    }

    private static int step(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a checkpoint name: " + file);
        }
        return Integer.parseInt(m.group(1));
    }

    @Override
    public String toString() {
        return "Checkpointing(" + directory + ", every_steps=" + everySteps + ", every_epoch=" + everyEpoch
                + ", keep_last=" + keepLast + ")";
    }
}

package dev.jrnn.models.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.layer.RecurrentLayer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads thousands of seeded mutations of a small LSTM's state_dict: each must load (the mutation
 * was harmless, say in the padding or a weight's low bits) or fail with {@link SafetensorsException}
 * naming the file, within a time bound. The tally of outcomes is printed.
 */
class StateDictFuzzTest {
    private static final int FILES = 2500;
    private static final long SEED = 0x5AFE7E45L;
    private static final long MAX_LOAD_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Backend be = new ReferenceBackend();

    /** The LSTM's parameters (F32) and an F64 head, so the file mixes dtypes. */
    private List<Parameter> model(long seed) {
        List<Parameter> params = new ArrayList<>(RecurrentLayer.builder("lstm").backend(be).dtype(DType.FLOAT32)
                .inputSize(3).hiddenSize(4).numLayers(2).seed(seed).build().parameters());
        params.add(new Parameter("head.weight", be.fromArray(new double[] {0.5, -0.25, 0.125, 1}, Shape.of(1, 4),
                DType.FLOAT64)));
        return params;
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("mutated state_dict files load or fail with SafetensorsException naming the file, each quickly")
    void mutatedFiles(@TempDir Path dir) throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt").metadata("note", "fuzz");
        model(1).forEach(p -> writer.put(p.name(), p.value()));
        ByteArrayOutputStream original = new ByteArrayOutputStream();
        writer.writeTo(original);
        SafetensorsMutator mutator = new SafetensorsMutator(original.toByteArray(), "\"pt\"", "\"\"");

        SplittableRandom random = new SplittableRandom(SEED);
        Map<String, Integer> outcomes = new TreeMap<>();
        Map<String, Integer> byMutation = new TreeMap<>();
        List<String> violations = new ArrayList<>();
        long slowest = 0;
        List<Parameter> target = model(2);
        for (int i = 0; i < FILES; i++) {
            SafetensorsMutator.Mutant m = mutator.next(random);
            // a new file each time: truncating and rewriting one makes some file systems flush it
            Path file = dir.resolve("fuzz-" + i + ".safetensors");
            Files.write(file, m.bytes());
            String outcome;
            long start = System.nanoTime();
            try {
                StateDict.load(file, target);
                outcome = "loaded";
                for (Parameter p : target) {
                    for (double v : p.value().toDoubleArray()) {
                        if (!Double.isFinite(v)) {
                            violations.add("#" + i + " " + m.kind() + ": loaded a non-finite value into " + p.name());
                        }
                    }
                }
            } catch (SafetensorsException ex) {
                outcome = (ex instanceof WeightsMismatchException ? "weights mismatch" : "rejected: " + reason(ex));
                if (!ex.getMessage().startsWith(file + ": ")) {
                    violations.add("#" + i + " " + m.kind() + ": message does not name the file: " + ex.getMessage());
                }
            } catch (Throwable t) {
                outcome = "other: " + t.getClass().getSimpleName();
                violations.add("#" + i + " " + m.kind() + ": " + t);
            }
            long elapsed = System.nanoTime() - start;
            slowest = Math.max(slowest, elapsed);
            if (elapsed > MAX_LOAD_NANOS) {
                violations.add("#" + i + " " + m.kind() + ": took " + elapsed / 1_000_000 + " ms");
            }
            Files.delete(file);
            outcomes.merge(outcome, 1, Integer::sum);
            byMutation.merge(m.kind() + " -> " + (outcome.equals("loaded") ? "loaded" : "rejected"), 1, Integer::sum);
        }
        System.out.printf("state_dict fuzz: %d files, slowest load %.1f ms%n", FILES, slowest / 1e6);
        outcomes.forEach((k, v) -> System.out.printf("  %-40s %5d%n", k, v));
        byMutation.forEach((k, v) -> System.out.printf("  %-40s %5d%n", k, v));
        assertTrue(violations.isEmpty(), violations.size() + " violations, the first: "
                + violations.subList(0, Math.min(10, violations.size())));
        assertTrue(outcomes.getOrDefault("loaded", 0) > 0 && outcomes.size() > 5,
                "the mutations both keep files loadable and break them in several ways: " + outcomes);
    }

    /** A short name for why a file was rejected, for the tally. */
    static String reason(SafetensorsException ex) {
        String m = ex.getMessage();
        String[][] kinds = {{"not valid JSON", "JSON syntax"}, {"not valid UTF-8", "UTF-8"},
            {"surrogate", "lone surrogate"}, {"header length", "header length"}, {"too short", "truncated"},
            {"after its JSON object", "text after header"}, {"must be a JSON object", "header not an object"},
            {"__metadata__", "metadata"}, {"is not supported", "dtype"}, {"2^63-1", "overflow"},
            {"out of range", "number out of range"}, {"out of bounds", "offsets out of bounds"},
            {"overlap", "overlap"}, {"gap", "gap"}, {"after the last tensor", "trailing data"},
            {"needs", "shape/offsets disagree"}, {"weights must be finite", "non-finite weight"},
            {"unknown field", "unknown field"}, {"missing", "missing field"}, {"header is empty", "empty header"},
            {"Java array", "too large"}, {"not an integer", "not an integer"}, {"must be a", "field of another type"}};
        for (String[] k : kinds) {
            if (m.contains(k[0])) {
                return k[1];
            }
        }
        return "other";
    }
}

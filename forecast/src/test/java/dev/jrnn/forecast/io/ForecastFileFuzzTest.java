package dev.jrnn.forecast.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.forecast.ForecastFixtures;
import dev.jrnn.forecast.ForecastModel;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.NetworkEnsemble;
import dev.jrnn.forecast.OutputKind;
import dev.jrnn.forecast.StatisticalMethod;
import dev.jrnn.forecast.Strategy;
import dev.jrnn.forecast.data.Covariates;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.scale.ScalingMode;
import dev.jrnn.forecast.train.ForecastTrainer;
import dev.jrnn.models.io.SafetensorsException;
import dev.jrnn.models.io.SafetensorsMutator;
import dev.jrnn.models.train.NonFiniteException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
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
 * Loads thousands of seeded mutations of a forecaster file and of a forecast-model file (briefly
 * trained networks, a classical member, a dated history): each must load or fail with
 * {@link SafetensorsException} naming the file, within a time bound. A model that loads must
 * forecast, refuse the series with an {@link IllegalArgumentException}, or refuse a forecast that
 * its (finite but wild) weights make non-finite with a {@link NonFiniteException}. The tally is printed.
 */
class ForecastFileFuzzTest {
    private static final int FILES_EACH = 1100;
    private static final long SEED = 0xF0CA57L;
    private static final long MAX_LOAD_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final String[] VALUES = {"\"LSTM\"", "\"gru\"", "\"rnn\"", "\"mgu\"", "\"POINT\"", "\"QUANTILE\"",
        "\"GAUSSIAN\"", "\"RECURSIVE\"", "\"DIRECT\"", "\"NONE\"", "\"ONE_HOT\"", "\"SIN_COS\"", "\"MONTH\"",
        "\"PHASE\"", "\"MONTH,,HOUR\"", "\"HOUR,DAY_OF_WEEK\"", "\"FLOAT32\"", "\"FLOAT64\"", "\"STANDARD\"",
        "\"LAST_WINDOW\"", "\"statistical\"", "\"network\"", "\"THETA\"", "\"true\"", "\"false\"", "\"TRUE\"", "\"yes\"",
        "\"jrnn-forecaster\"", "\"jrnn-forecast-model\"", "\"2\"", "\"3\"", "\"12000\"", "\"65536\"", "\"-1\""};

    private final Backend be = new ReferenceBackend();

    private static TimeSeries dated(TimeSeries s) {
        LocalDateTime[] t = new LocalDateTime[s.length()];
        for (int i = 0; i < t.length; i++) {
            t[i] = LocalDateTime.of(2000, 1, 1, 0, 0).plusMonths(i);
        }
        return new TimeSeries(s.name(), s.values(), t);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("mutated forecaster and forecast-model files load or fail with SafetensorsException, each quickly")
    void mutatedFiles(@TempDir Path dir) throws IOException {
        TimeSeries a = ForecastFixtures.wave("a", 40, 0);
        TimeSeries dated = dated(ForecastFixtures.wave("d", 48, 1));
        Forecaster standard = ForecastTrainer.fit(be, ForecastFixtures.small().epochs(1).scaling(ScalingMode.STANDARD)
                .log(true).build(), List.of(a, ForecastFixtures.wave("b", 40, 2)), null);
        Path single = dir.resolve("forecaster.safetensors");
        standard.save(single);

        Forecaster recursive = ForecastTrainer.fit(be, ForecastFixtures.small().epochs(1).cell("gru").layers(2)
                .strategy(Strategy.RECURSIVE).output(OutputKind.GAUSSIAN).covariates(Covariates.ONE_HOT)
                .dtype(DType.FLOAT32).build(), List.of(dated), null);
        ForecastModel model = new ForecastModel(List.of(new NetworkEnsemble("gru", List.of(recursive)),
                new StatisticalMethod(StatisticalMethod.Kind.THETA, 6, 6, 0.9)), "fuzz", List.of(dated));
        Path whole = dir.resolve("model.safetensors");
        model.save(whole);

        Map<String, Integer> outcomes = new TreeMap<>();
        Map<String, Integer> byMutation = new TreeMap<>();
        List<String> violations = new ArrayList<>();
        long[] slowest = {0};
        fuzz("forecaster", Files.readAllBytes(single), dir, outcomes, byMutation, violations, slowest,
                file -> Forecaster.load(be, file).forecast(a));
        fuzz("model", Files.readAllBytes(whole), dir, outcomes, byMutation, violations, slowest,
                file -> ForecastModel.load(be, file).forecastStored());

        System.out.printf("forecast file fuzz: %d forecaster files, %d forecast-model files, slowest load %.1f ms%n",
                FILES_EACH, FILES_EACH, slowest[0] / 1e6);
        outcomes.forEach((k, v) -> System.out.printf("  %-48s %5d%n", k, v));
        byMutation.forEach((k, v) -> System.out.printf("  %-48s %5d%n", k, v));
        assertTrue(violations.isEmpty(), violations.size() + " violations, the first: "
                + violations.subList(0, Math.min(10, violations.size())));
        assertTrue(outcomes.getOrDefault("forecaster: loaded, forecast", 0) > 0
                && outcomes.getOrDefault("model: loaded, forecast", 0) > 0 && outcomes.size() > 10,
                "the mutations both keep files loadable and break them in several ways: " + outcomes);
    }

    /** Loads and then forecasts; a load failure is thrown as it came. */
    @FunctionalInterface
    private interface LoadAndForecast {
        Object run(Path file) throws IOException;
    }

    private void fuzz(String what, byte[] original, Path dir, Map<String, Integer> outcomes,
                      Map<String, Integer> byMutation, List<String> violations, long[] slowest, LoadAndForecast load)
            throws IOException {
        SafetensorsMutator mutator = SafetensorsMutator.withMetadataNumbers(original, VALUES);
        SplittableRandom random = new SplittableRandom(SEED ^ what.hashCode());
        for (int i = 0; i < FILES_EACH; i++) {
            SafetensorsMutator.Mutant m = mutator.next(random);
            // a new file each time: truncating and rewriting one makes some file systems flush it
            Path file = dir.resolve(what + "-" + i + ".safetensors");
            Files.write(file, m.bytes());
            String id = what + " #" + i + " " + m.kind();
            String outcome;
            long start = System.nanoTime();
            try {
                load.run(file);
                outcome = "loaded, forecast";
            } catch (SafetensorsException ex) {
                outcome = "rejected: " + reason(ex);
                if (!ex.getMessage().startsWith(file + ": ")) {
                    violations.add(id + ": message does not name the file: " + ex.getMessage());
                }
                if (ex.getCause() != null && ex.getCause().getClass() != IllegalArgumentException.class
                        && !(ex.getCause() instanceof IOException)) {
                    violations.add(id + ": wraps " + ex.getCause());
                }
            } catch (IllegalArgumentException | IllegalStateException | NonFiniteException refused) {
                outcome = "loaded, forecast refused: " + refused.getClass().getSimpleName();
            } catch (Throwable t) {
                outcome = "other: " + t.getClass().getSimpleName();
                violations.add(id + ": " + t);
            }
            long elapsed = System.nanoTime() - start;
            slowest[0] = Math.max(slowest[0], elapsed);
            if (elapsed > MAX_LOAD_NANOS) {
                violations.add(id + ": took " + elapsed / 1_000_000 + " ms");
            }
            Files.delete(file);
            outcomes.merge(what + ": " + outcome, 1, Integer::sum);
            byMutation.merge(what + ": " + m.kind() + " -> " + (outcome.startsWith("loaded") ? "loaded" : "rejected"),
                    1, Integer::sum);
        }
    }

    /** A short name for why a file was rejected, for the tally. */
    private static String reason(SafetensorsException ex) {
        String m = ex.getMessage();
        String[][] kinds = {{"not valid JSON", "JSON syntax"}, {"not valid UTF-8", "UTF-8"},
            {"surrogate", "lone surrogate"}, {"header length", "header length"}, {"too short", "truncated"},
            {"__metadata__", "metadata not strings"}, {"is not supported", "dtype"},
            {"out of bounds", "offsets out of bounds"}, {"overlap", "overlap"}, {"gap", "gap"},
            {"after the last tensor", "trailing data"}, {"needs", "tensor shapes"},
            {"must be finite", "non-finite weight"}, {"format_version", "format version"},
            {"newer jrnn", "newer format"}, {"not a jrnn", "format"}, {"metadata lacks", "metadata missing"},
            {"not an integer", "metadata not an integer"}, {"not a finite number", "metadata not a number"},
            {"expected true or false", "metadata not a boolean"}, {"expected one of", "metadata not a name"},
            {"beyond the limit", "metadata beyond a limit"}, {"outside [", "metadata out of range"},
            {"forecast config", "metadata inconsistent"}, {"has no tensor of layer", "layers without tensors"},
            {"lacks the", "tensor missing"}, {"calendar", "calendar"}, {"scale", "scaler"}, {"times", "history times"},
            {"must be a JSON object", "header not an object"}, {"must be a", "field of another type"},
            {"after its JSON object", "text after header"}, {"header is empty", "empty header"},
            {"out of range", "number out of range"}, {"unknown field", "unknown field"}, {"no cell named", "unknown cell"},
            {"statistical method", "metadata inconsistent"}, {"share one horizon", "metadata inconsistent"}};
        for (String[] k : kinds) {
            if (m.contains(k[0])) {
                return k[1];
            }
        }
        return "other";
    }
}

package dev.jrnn.spark;

import dev.jrnn.forecast.ForecastModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The models an executor JVM has loaded, by the SHA-256 of their file and the backend: the tasks of
 * one JVM share one loaded model (its forward passes only read the weights), loaded by the first
 * task that asks while the others wait for it. The {@value #KEPT} models used last are kept.
 */
final class ExecutorModels {
    static final int KEPT = 4;
    private static final Map<String, CompletableFuture<ForecastModel>> LOADED =
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<ForecastModel>> eldest) {
                    return size() > KEPT;
                }
            };
    private static int loads;

    private ExecutorModels() {
    }

    /** The model of {@code payload} on the backend named {@code backend} (see {@link ExecutorBackends}). */
    static ForecastModel get(ModelPayload payload, String backend) {
        String name = ExecutorBackends.resolve(backend);
        String key = payload.sha256() + "@" + name;
        CompletableFuture<ForecastModel> mine = new CompletableFuture<>();
        CompletableFuture<ForecastModel> known;
        synchronized (LOADED) {
            known = LOADED.putIfAbsent(key, mine);
        }
        if (known == null) {
            try {
                mine.complete(payload.load(ExecutorBackends.get(name)));
                synchronized (LOADED) {
                    loads++;
                }
            } catch (IOException | RuntimeException e) {
                synchronized (LOADED) {
                    LOADED.remove(key);
                }
                mine.completeExceptionally(e);
            }
            known = mine;
        }
        try {
            return known.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the model loaded", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException("the executor could not read the model: " + io.getMessage(), io);
            }
            throw new IllegalStateException("the executor could not read the model: " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    /** How many times this JVM has loaded a model (for tests: once per model and backend). */
    static int loads() {
        synchronized (LOADED) {
            return loads;
        }
    }
}

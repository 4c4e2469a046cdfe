package dev.jrnn.spark;

import dev.jrnn.forecast.ForecastModel;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.NetworkEnsemble;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A model as it travels to the executors: the bytes of its saved file (a forecaster file or a
 * forecast-model file, the formats {@link Forecaster#save} and {@link ForecastModel#save} write),
 * and their SHA-256, under which each executor JVM keeps the loaded model.
 *
 * @param bytes      the file's bytes
 * @param sha256     their SHA-256 in hex
 * @param forecaster whether the file is a single forecaster's (else a forecast model's)
 */
record ModelPayload(byte[] bytes, String sha256, boolean forecaster) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The payload of a forecaster. */
    static ModelPayload of(Forecaster model) {
        return of(true, file -> model.save(file));
    }

    /** The payload of a forecast model. */
    static ModelPayload of(ForecastModel model) {
        return of(false, file -> model.save(file));
    }

    /** The payload of a saved file's bytes. */
    static ModelPayload ofBytes(byte[] bytes, boolean forecaster) {
        return new ModelPayload(bytes, sha256(bytes), forecaster);
    }

    private interface Save {
        void to(Path file) throws IOException;
    }

    private static ModelPayload of(boolean forecaster, Save save) {
        try {
            Path dir = Files.createTempDirectory("jrnn-model");
            Path file = dir.resolve("model.safetensors");
            try {
                save.to(file);
                return ofBytes(Files.readAllBytes(file), forecaster);
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the model to send it to the executors: " + e.getMessage(), e);
        }
    }

    /** The model, read from the bytes on {@code backend}'s name as {@link ExecutorModels} does. */
    ForecastModel load(dev.jrnn.api.backend.Backend backend) throws IOException {
        Path dir = Files.createTempDirectory("jrnn-model");
        Path file = dir.resolve("model.safetensors");
        try {
            Files.write(file, bytes);
            if (forecaster) {
                Forecaster f = Forecaster.load(backend, file);
                return new ForecastModel(List.of(new NetworkEnsemble("forecaster", List.of(f))), "", List.of());
            }
            return ForecastModel.load(backend, file);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }
}

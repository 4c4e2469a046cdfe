package dev.jrnn.spark;

import dev.jrnn.forecast.io.ForecasterFile;
import dev.jrnn.models.io.Safetensors;
import dev.jrnn.models.io.SafetensorsException;
import java.nio.file.Path;

/** Tells the two saved model formats apart from a file's bytes. */
final class SavedFiles {
    private SavedFiles() {
    }

    /**
     * Whether {@code file} is a single forecaster's file (its metadata names the format
     * {@value ForecasterFile#FORMAT}); any other safetensors file is read as a forecast-model file,
     * whose reader names what is wrong.
     *
     * @param name names the file in messages
     * @throws SafetensorsException if the bytes are not a safetensors file
     */
    static boolean isForecaster(String name, byte[] file) throws SafetensorsException {
        return ForecasterFile.FORMAT.equals(Safetensors.parse(Path.of(name), file).metadata().get("format"));
    }
}

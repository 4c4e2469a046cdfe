package dev.jrnn.conformance.golden;

import dev.jrnn.models.io.Safetensors;
import dev.jrnn.models.io.SafetensorsFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * One golden case: a safetensors file in a folder or among the kit's bundled resources, read when
 * its test runs so that an unreadable file fails that test.
 *
 * @param name     the file name without {@code .safetensors}
 * @param file     the file, or null for a bundled resource
 * @param resource the class-path resource, or null for a file
 */
public record GoldenCase(String name, Path file, String resource) {

    /** A case read from {@code file}. */
    public static GoldenCase ofFile(Path file) {
        String fileName = file.getFileName().toString();
        return new GoldenCase(stripExtension(fileName), file, null);
    }

    /** A case bundled with the kit under {@code GoldenCases.RESOURCE_FOLDER}. */
    public static GoldenCase ofResource(String fileName) {
        return new GoldenCase(stripExtension(fileName), null, GoldenCases.RESOURCE_FOLDER + fileName);
    }

    private static String stripExtension(String fileName) {
        return fileName.endsWith(GoldenCases.EXTENSION)
                ? fileName.substring(0, fileName.length() - GoldenCases.EXTENSION.length())
                : fileName;
    }

    /** Reads and validates the case's file. */
    public SafetensorsFile load() throws IOException {
        if (file != null) {
            return Safetensors.read(file);
        }
        try (InputStream in = GoldenCase.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("golden case " + name + ": resource " + resource + " is missing from the kit");
            }
            return Safetensors.parse(Path.of(resource.substring(1)), in.readAllBytes());
        }
    }
}

package dev.jrnn.conformance.golden;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the golden cases: every {@code *.safetensors} file of the folder named by the system
 * property {@value #FOLDER_PROPERTY}, or, when it is unset or empty, the cases bundled with the kit
 * (listed in {@code cases.txt} next to them, so they are found inside a jar too).
 */
public final class GoldenCases {
    /** System property naming a folder of cases that replaces the bundled ones. */
    public static final String FOLDER_PROPERTY = "jrnn.golden.dir";
    /** Class-path folder of the bundled cases. */
    public static final String RESOURCE_FOLDER = "/dev/jrnn/conformance/golden/";
    static final String EXTENSION = ".safetensors";

    private GoldenCases() {
    }

    /** The folder named by {@value #FOLDER_PROPERTY}, or null when unset, empty or an unfilled placeholder. */
    public static Path configuredFolder() {
        String value = System.getProperty(FOLDER_PROPERTY);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            return null;
        }
        return Path.of(value.trim());
    }

    /** The cases to run: the configured folder's, else the bundled ones. */
    public static List<GoldenCase> discover() throws IOException {
        Path folder = configuredFolder();
        return folder == null ? bundled() : inFolder(folder);
    }

    /** Every {@code *.safetensors} file of {@code folder}, sorted by name. */
    public static List<GoldenCase> inFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException(FOLDER_PROPERTY + " names " + folder + ", which is not a folder");
        }
        List<GoldenCase> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(p -> p.getFileName().toString().endsWith(EXTENSION)).sorted()
                    .forEach(p -> cases.add(GoldenCase.ofFile(p)));
        }
        if (cases.isEmpty()) {
            throw new IOException("golden folder " + folder + " holds no *" + EXTENSION + " file");
        }
        return cases;
    }

    /** The cases bundled with the kit. */
    public static List<GoldenCase> bundled() throws IOException {
        List<GoldenCase> cases = new ArrayList<>();
        try (InputStream in = GoldenCases.class.getResourceAsStream(RESOURCE_FOLDER + "cases.txt")) {
            if (in == null) {
                throw new IOException("the kit's list of golden cases " + RESOURCE_FOLDER + "cases.txt is missing");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    cases.add(GoldenCase.ofResource(line.trim()));
                }
            }
        }
        return cases;
    }
}

package dev.jrnn.models.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The PyTorch fixtures under {@code pytorch/} on the test class path (see generate_fixtures.py there). */
public final class PyTorchFixtures {
    private PyTorchFixtures() {
    }

    /** The path of fixture {@code file}, for example {@code lstm_state_dict.safetensors}. */
    public static Path path(String file) {
        URL url = PyTorchFixtures.class.getResource("/pytorch/" + file);
        if (url == null) {
            throw new IllegalStateException("missing test resource pytorch/" + file
                    + " (run generate_fixtures.py or generate_interop_fixtures.py in src/test/resources/pytorch)");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Fixture {@code file}, read and validated. */
    public static SafetensorsFile read(String file) {
        try {
            return Safetensors.read(path(file));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}

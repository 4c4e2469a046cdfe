package dev.jrnn.conformance.golden;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.io.Safetensors;
import dev.jrnn.models.io.SafetensorsFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("the golden parity kit")
class GoldenParityKitTest {
    private static final String CASE = "lstm_small";
    private static final String PROJECTED_CASE = "lstm_proj_small";
    private final Backend backend = new ReferenceBackend();

    @TempDir
    Path folder;

    private static byte[] bundledBytes() throws IOException {
        return bundledBytes(CASE);
    }

    private static byte[] bundledBytes(String caseName) throws IOException {
        try (var in = GoldenParityKitTest.class.getResourceAsStream(GoldenCases.RESOURCE_FOLDER + caseName
                + ".safetensors")) {
            return in.readAllBytes();
        }
    }

    /** A copy of the bundled case with the first element of {@code tensor} changed by {@code delta}. */
    private static byte[] altered(String tensor, double delta) throws IOException {
        return altered(CASE, tensor, delta);
    }

    private static byte[] altered(String caseName, String tensor, double delta) throws IOException {
        byte[] bytes = bundledBytes(caseName);
        SafetensorsFile file = Safetensors.parse(Path.of(caseName), bytes);
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int at = Math.toIntExact(8 + headerLength + file.info(tensor).begin());
        ByteBuffer data = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        data.putDouble(at, data.getDouble(at) + delta);
        return bytes;
    }

    private SafetensorsFile parse(byte[] bytes) throws IOException {
        return Safetensors.parse(Path.of(CASE), bytes);
    }

    @Test
    @DisplayName("finds the fourteen bundled cases when no folder is configured")
    void findsBundledCases() throws IOException {
        List<GoldenCase> cases = GoldenCases.bundled();
        assertEquals(16, cases.size());
        for (GoldenCase c : cases) {
            assertDoesNotThrow(c::load, c.name());
        }
    }

    @Test
    @DisplayName("accepts an unaltered copy of a case")
    void acceptsTheOriginal() throws IOException {
        SafetensorsFile file = parse(bundledBytes());
        assertDoesNotThrow(() -> GoldenCheck.check(CASE, file, backend, DType.FLOAT64, true));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"output", "h_n", "c_n", "grad.input", "grad.h0", "grad.c0", "grad.weight_ih_l0",
        "grad.weight_hh_l0", "grad.bias_ih_l0", "grad.bias_hh_l0"})
    @DisplayName("rejects a copy of a case with one number of this tensor altered")
    void rejectsAnAlteredNumber(String tensor) throws IOException {
        SafetensorsFile file = parse(altered(tensor, 1e-6));
        for (boolean fused : new boolean[] {true, false}) {
            AssertionError e = assertThrows(AssertionError.class,
                    () -> GoldenCheck.check(CASE, file, backend, DType.FLOAT64, fused));
            assertTrue(e.getMessage().contains(tensor + ": element 0"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"output", "h_n", "c_n"})
    @DisplayName("the inference check rejects a copy of a case with one number of this result altered")
    void inferenceRejectsAnAlteredNumber(String tensor) throws IOException {
        assertDoesNotThrow(() -> GoldenCheck.checkInference(CASE, parse(bundledBytes()), backend, DType.FLOAT64));
        AssertionError e = assertThrows(AssertionError.class,
                () -> GoldenCheck.checkInference(CASE, parse(altered(tensor, 1e-6)), backend, DType.FLOAT64));
        assertTrue(e.getMessage().contains(tensor + ": element 0"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"output", "h_n", "c_n", "grad.h0", "grad.weight_hh_l0", "grad.weight_hr_l0"})
    @DisplayName("rejects a copy of an LSTM case with projections with one number of this tensor altered")
    void rejectsAnAlteredProjectedNumber(String tensor) throws IOException {
        SafetensorsFile file = Safetensors.parse(Path.of(PROJECTED_CASE), altered(PROJECTED_CASE, tensor, 1e-6));
        assertDoesNotThrow(() -> GoldenCheck.check(PROJECTED_CASE, Safetensors.parse(Path.of(PROJECTED_CASE),
                bundledBytes(PROJECTED_CASE)), backend, DType.FLOAT64, true));
        for (boolean fused : new boolean[] {true, false}) {
            AssertionError e = assertThrows(AssertionError.class,
                    () -> GoldenCheck.check(PROJECTED_CASE, file, backend, DType.FLOAT64, fused));
            assertTrue(e.getMessage().contains(tensor + ": element 0"), e.getMessage());
        }
    }

    @Test
    @DisplayName("tolerates a float32 run within 1e-4 but not a larger error")
    void float32Tolerance() throws IOException {
        assertDoesNotThrow(() -> GoldenCheck.check(CASE, parse(altered("output", 1e-6)), backend, DType.FLOAT32, true));
        assertThrows(AssertionError.class,
                () -> GoldenCheck.check(CASE, parse(altered("output", 1e-2)), backend, DType.FLOAT32, true));
    }

    @Test
    @DisplayName("runs every case of the folder named by jrnn.golden.dir and fails the altered and unreadable ones")
    void runsTheConfiguredFolder() throws Throwable {
        Files.write(folder.resolve("original.safetensors"), bundledBytes());
        Files.write(folder.resolve("altered.safetensors"), altered("output", 1.0));
        Files.write(folder.resolve("truncated.safetensors"), Arrays.copyOf(bundledBytes(), 100));
        Files.writeString(folder.resolve("notes.txt"), "not a case");
        String previous = System.getProperty(GoldenCases.FOLDER_PROPERTY);
        System.setProperty(GoldenCases.FOLDER_PROPERTY, folder.toString());
        try {
            List<DynamicTest> tests = new ReferenceGoldenParityTest().layersMatchPyTorch().toList();
            assertEquals(3 * 6, tests.size());
            for (DynamicTest t : tests) {
                Executable run = t.getExecutable();
                if (t.getDisplayName().startsWith("original ")) {
                    assertDoesNotThrow(run, t.getDisplayName());
                } else {
                    assertThrows(Throwable.class, run, t.getDisplayName());
                }
            }
        } finally {
            if (previous == null) {
                System.clearProperty(GoldenCases.FOLDER_PROPERTY);
            } else {
                System.setProperty(GoldenCases.FOLDER_PROPERTY, previous);
            }
        }
    }

    @Test
    @DisplayName("fails with a clear message when jrnn.golden.dir names no folder")
    void missingFolderFails() {
        IOException e = assertThrows(IOException.class, () -> GoldenCases.inFolder(folder.resolve("absent")));
        assertTrue(e.getMessage().contains("absent"), e.getMessage());
    }
}

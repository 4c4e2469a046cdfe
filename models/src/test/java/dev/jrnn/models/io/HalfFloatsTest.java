package dev.jrnn.models.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.train.NonFiniteException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** F16 and BF16 against the values torch writes (interop_halves.safetensors, generate_interop_fixtures.py). */
@DisplayName("16-bit floats")
class HalfFloatsTest {
    private final Backend be = new ReferenceBackend();

    @TempDir
    Path dir;

    private static void assertSameFloat(float expected, float actual, String what) {
        assertTrue(Float.isNaN(expected) ? Float.isNaN(actual)
                        : Float.floatToIntBits(expected) == Float.floatToIntBits(actual),
                what + ": expected " + expected + ", got " + actual);
    }

    @Test
    @DisplayName("torch's F16 and BF16 tensors read as the exact floats torch upcasts them to")
    void readsTorchHalves() {
        SafetensorsFile file = PyTorchFixtures.read("interop_halves.safetensors");
        assertEquals(SafetensorsDType.F16, file.dtype("x_f16"));
        assertEquals(SafetensorsDType.BF16, file.dtype("x_bf16"));
        for (String bits : List.of("f16", "bf16")) {
            float[] read = file.floats("x_" + bits);
            float[] upcast = file.floats("x_" + bits + "_upcast");
            double[] asDoubles = file.doubles("x_" + bits);
            for (int i = 0; i < read.length; i++) {
                assertSameFloat(upcast[i], read[i], bits + " element " + i);
                assertSameFloat(upcast[i], (float) asDoubles[i], bits + " element " + i + " as double");
            }
        }
    }

    @Test
    @DisplayName("rounding a float gives torch's .half() and .bfloat16() on every edge case: ties, subnormals, overflow, NaN")
    void roundsAsTorch() {
        SafetensorsFile file = PyTorchFixtures.read("interop_halves.safetensors");
        float[] x = file.floats("x");
        float[] f16 = file.floats("x_f16");
        float[] bf16 = file.floats("x_bf16");
        for (int i = 0; i < x.length; i++) {
            assertSameFloat(f16[i], HalfFloats.fromF16(HalfFloats.toF16(x[i])), "F16 of " + x[i]);
            assertSameFloat(bf16[i], HalfFloats.fromBF16(HalfFloats.toBF16(x[i])), "BF16 of " + x[i]);
        }
    }

    @Test
    @DisplayName("encode the format's bit patterns: signed zero, least subnormal, largest finite, infinity")
    void bitPatterns() {
        assertEquals((short) 0x8000, HalfFloats.toF16(-0.0));
        assertEquals((short) 0x0001, HalfFloats.toF16(0x1p-24));
        assertEquals((short) 0x0400, HalfFloats.toF16(0x1p-14));
        assertEquals((short) 0x7BFF, HalfFloats.toF16(65504));
        assertEquals((short) 0x7C00, HalfFloats.toF16(65520));
        assertEquals((short) 0x3C00, HalfFloats.toF16(1 + 0x1p-11), "a tie rounds to the even fraction");
        assertEquals((short) 0x3C02, HalfFloats.toF16(1 + 0x3p-11), "a tie rounds to the even fraction");
        assertEquals((short) 0x3F80, HalfFloats.toBF16(1));
        assertEquals((short) 0x0001, HalfFloats.toBF16(0x1p-133));
        assertEquals((short) 0x7F7F, HalfFloats.toBF16(HalfFloats.BF16_MAX));
        assertEquals((short) 0xFF80, HalfFloats.toBF16(Double.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(HalfFloats.fromF16(HalfFloats.toF16(Double.NaN))));
        assertEquals(0x1p-24f, HalfFloats.fromF16((short) 0x0001));
        assertEquals(Float.NEGATIVE_INFINITY, HalfFloats.fromF16((short) 0xFC00));
    }

    @Test
    @DisplayName("every one of the 65536 F16 and BF16 bit patterns decodes and encodes back to itself (NaN to a NaN)")
    void everyPatternRoundTrips() {
        for (int i = 0; i < 1 << 16; i++) {
            short bits = (short) i;
            float h = HalfFloats.fromF16(bits);
            float b = HalfFloats.fromBF16(bits);
            if (Float.isNaN(h)) {
                assertTrue(Float.isNaN(HalfFloats.fromF16(HalfFloats.toF16(h))), "F16 NaN " + i);
            } else {
                assertEquals(bits, HalfFloats.toF16(h), "F16 pattern " + Integer.toHexString(i));
            }
            if (Float.isNaN(b)) {
                assertTrue(Float.isNaN(HalfFloats.fromBF16(HalfFloats.toBF16(b))), "BF16 NaN " + i);
            } else {
                assertEquals(bits, HalfFloats.toBF16(b), "BF16 pattern " + Integer.toHexString(i));
            }
        }
    }

    @Test
    @DisplayName("a double rounds once: just above a tie it rounds up where going through float would round down")
    void doubleRoundsOnce() {
        double x = 1 + 0x1p-11 + 0x1p-40;       // (float) x is the tie 1 + 2^-11, which rounds to 1
        assertEquals(1 + 0x1p-10, HalfFloats.fromF16(HalfFloats.toF16(x)));
        assertEquals(1.0f, HalfFloats.fromF16(HalfFloats.toF16((float) x)));
    }

    @Test
    @DisplayName("written F16 and BF16 read back as torch's roundings; a finite value beyond range is refused")
    void writerRoundTrip() throws IOException {
        SafetensorsFile torch = PyTorchFixtures.read("interop_halves.safetensors");
        float[] x = torch.floats("x");
        double[] finite = new double[x.length];
        int n = 0;
        for (float v : x) {
            if (Float.isNaN(v) || Float.isInfinite(v) || Math.abs(v) <= HalfFloats.F16_MAX) {
                finite[n++] = v;
            }
        }
        double[] values = java.util.Arrays.copyOf(finite, n);
        Path file = dir.resolve("h.safetensors");
        new SafetensorsWriter().putHalves("h", Shape.of(n), values, SafetensorsDType.F16)
                .putHalves("b", Shape.of(n), values, SafetensorsDType.BF16).write(file);
        SafetensorsFile read = Safetensors.read(file);
        float[] h = read.floats("h");
        float[] b = read.floats("b");
        for (int i = 0; i < n; i++) {
            assertSameFloat(HalfFloats.fromF16(HalfFloats.toF16(values[i])), h[i], "F16 of " + values[i]);
            assertSameFloat(HalfFloats.fromBF16(HalfFloats.toBF16(values[i])), b[i], "BF16 of " + values[i]);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SafetensorsWriter()
                .putHalves("w", Shape.of(2, 2), new double[] {1, 2, 3, 70000}, SafetensorsDType.F16));
        assertTrue(e.getMessage().contains("'w' holds 70000.0 at [1, 1]") && e.getMessage().contains("65504")
                && e.getMessage().contains("BF16"), e.getMessage());
    }

    @Test
    @DisplayName("a state dict saved as F16 refuses a weight beyond 65504 and one with NaN, naming the parameter")
    void saveRefusesOutOfRange() {
        Parameter big = new Parameter("w", be.fromArray(new double[] {1, 1e5}, Shape.of(2), DType.FLOAT64));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StateDict.save(
                dir.resolve("big.safetensors"), List.of(big), SaveOptions.DEFAULT.as(SafetensorsDType.F16)));
        assertTrue(e.getMessage().contains("'w' holds 100000.0 at [1]"), e.getMessage());
        Parameter nan = new Parameter("v", be.fromArray(new double[] {Double.NaN}, Shape.of(1), DType.FLOAT64));
        assertThrows(NonFiniteException.class, () -> StateDict.save(dir.resolve("nan.safetensors"), List.of(nan),
                SaveOptions.DEFAULT.as(SafetensorsDType.BF16)));
    }

    @Test
    @DisplayName("an infinity in an F16 file is refused on load naming tensor and position, unless allowed")
    void nonFiniteHalvesRefused() throws IOException {
        Path file = dir.resolve("inf.safetensors");
        new SafetensorsWriter().putHalves("w", Shape.of(3), new double[] {0.5, Double.POSITIVE_INFINITY, 1},
                SafetensorsDType.F16).write(file);
        Parameter w = new Parameter("w", be.zeros(Shape.of(3), DType.FLOAT32));
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> StateDict.load(file, List.of(w)));
        assertTrue(e.getMessage().contains("tensor 'w' holds Infinity at [1]"), e.getMessage());
        StateDict.load(file, List.of(w), LoadOptions.DEFAULT.allowingNonFinite());
        assertEquals(Float.POSITIVE_INFINITY, w.value().toFloatArray()[1]);
        assertEquals(Map.of(), Safetensors.read(file).metadata());
    }
}

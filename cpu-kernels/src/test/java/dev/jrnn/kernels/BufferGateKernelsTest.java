package dev.jrnn.kernels;

import static dev.jrnn.kernels.Blocks.floats;
import static dev.jrnn.kernels.Cases.P;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("the LSTM and GRU gate kernels on byte buffers")
class BufferGateKernelsTest {

    /** The buffer form of each case's kernel, operands in the order of {@link Cases}. */
    interface BufferRun {
        void run(FloatGates ops, ByteBuffer[] a, int rows, int h);
    }

    private static final Map<String, BufferRun> RUNS = Map.of(
            "lstm forward", (o, a, r, k) -> o.lstmForward(r, k, a[0], P, a[1], P, a[2], a[3], P, a[4], P, a[5], P, a[6], P),
            "lstm backward", (o, a, r, k) -> o.lstmBackward(r, k, a[0], P, a[1], P, a[2], P, a[3], P, a[4], P, a[5], P,
                    a[6], P, a[7], P),
            "gru forward", (o, a, r, k) -> o.gruForward(r, k, a[0], P, a[1], P, a[2], a[3], P, a[4], P, a[5], P, a[6], P),
            "gru backward", (o, a, r, k) -> o.gruBackward(r, k, a[0], P, a[1], P, a[2], P, a[3], P, a[4], P, a[5], P,
                    a[6], P, a[7], P));

    static List<FloatGates> implementations() {
        List<FloatGates> all = new ArrayList<>(List.of(new ScalarFloatGates()));
        if (CpuKernels.vectorGates() != null) {
            all.add(CpuKernels.vectorGates());
        }
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    @DisplayName("give the array kernels' results bit for bit, in direct and heap buffers, tails and optional operands included")
    void buffersMatchArrays(FloatGates ops) {
        int checked = 0;
        for (int[] size : new int[][] {{2, 5}, {3, 19}, {4, 48}, {3, 35}}) {
            for (boolean optional : new boolean[] {true, false}) {
                for (boolean direct : new boolean[] {true, false}) {
                    int rows = size[0];
                    int h = size[1];
                    for (Cases c : Cases.all(new Random(rows * 13 + h), rows, h, optional)) {
                        BufferRun run = RUNS.get(c.name());
                        if (run == null) {
                            continue;
                        }
                        float[][] arrays = floats(c.operands());
                        c.floats().run(ops, arrays, rows, h);
                        ByteBuffer[] buffers = buffers(floats(c.operands()), direct);
                        run.run(ops, buffers, rows, h);
                        for (int k = 0; k < arrays.length; k++) {
                            if (arrays[k] != null) {
                                assertArrayEquals(arrays[k], contents(buffers[k]),
                                        ops + ", " + c.name() + ", rows " + rows + ", h " + h + ", block " + k);
                            }
                        }
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked >= 64, "cases run: " + checked);
    }

    @Test
    @DisplayName("refuse a buffer set to the other byte order, naming the kernel")
    void otherByteOrderIsRefused() {
        CpuKernels cpu = CpuKernels.of(CpuSettings.defaults());
        int h = 4;
        ByteOrder other = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteBuffer gates = ByteBuffer.allocateDirect(16 * h).order(ByteOrder.nativeOrder());
        ByteBuffer state = ByteBuffer.allocateDirect(4 * h).order(ByteOrder.nativeOrder());
        ByteBuffer wrong = ByteBuffer.allocateDirect(4 * h).order(other);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cpu.lstm().forward(1, h, gates, 0, null, 0, null, wrong, 0, gates, 0, state, 0, state, 0));
        assertTrue(e.getMessage().contains("lstm forward"), e.getMessage());
    }

    private static ByteBuffer[] buffers(float[][] arrays, boolean direct) {
        ByteBuffer[] out = new ByteBuffer[arrays.length];
        for (int k = 0; k < arrays.length; k++) {
            if (arrays[k] != null) {
                int bytes = 4 * arrays[k].length;
                ByteBuffer b = (direct ? ByteBuffer.allocateDirect(bytes) : ByteBuffer.allocate(bytes))
                        .order(ByteOrder.nativeOrder());
                b.asFloatBuffer().put(arrays[k]);
                out[k] = b;
            }
        }
        return out;
    }

    private static float[] contents(ByteBuffer b) {
        float[] f = new float[b.capacity() / 4];
        b.asFloatBuffer().get(f);
        return f;
    }
}

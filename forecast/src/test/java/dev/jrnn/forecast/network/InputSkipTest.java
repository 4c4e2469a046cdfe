package dev.jrnn.forecast.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.ForecastFixtures;
import dev.jrnn.forecast.OutputKind;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the head's input skip, out[t, q] = (h W^T + b)[t, q] + (x S^T)[t]")
class InputSkipTest {
    private static final int INPUT_SIZE = 5;   // step size 3 and the two sin/cos covariates

    private final Backend backend = new ReferenceBackend();
    private final ForecastConfig plainConfig = ForecastFixtures.small().stepSize(3).build();
    private final ForecastConfig skipConfig = ForecastFixtures.small().stepSize(3).inputSkip(true).build();

    @Test
    @DisplayName("the skip starts at zero, so the network starts as the plain one; set, it shifts every quantile"
            + " level of step t by (x S^T)[t]")
    void shiftsEveryLevel() {
        checkShift(plainConfig, skipConfig, false);
    }

    @Test
    @DisplayName("for the Gaussian head the skip shifts the mean of each step and leaves its scale")
    void shiftsTheGaussianMean() {
        checkShift(ForecastFixtures.small().stepSize(3).output(OutputKind.GAUSSIAN).build(),
                ForecastFixtures.small().stepSize(3).output(OutputKind.GAUSSIAN).inputSkip(true).build(), true);
    }

    private void checkShift(ForecastConfig plainConfig, ForecastConfig skipConfig, boolean meanOnly) {
        ForecastNetwork plain = new ForecastNetwork(backend, plainConfig, INPUT_SIZE);
        ForecastNetwork skip = new ForecastNetwork(backend, skipConfig, INPUT_SIZE);
        assertEquals(plain.parameters().size() + 1, skip.parameters().size());
        Parameter s = skip.parameters().get(skip.parameters().size() - 1);
        assertEquals("head.skip", s.name());
        assertEquals(Shape.of(skipConfig.horizon(), skipConfig.inputLength()), s.shape());
        int steps = 6;   // two more than a window (4 steps of 3): the skip reads the last four
        int batch = 2;
        double[] x = random(steps * batch * INPUT_SIZE, 1);
        Tensor input = backend.fromArray(x, Shape.of(steps, batch, INPUT_SIZE), skipConfig.dtype());
        double[] base = plain.forward(input, null, false).head().value().toDoubleArray();
        assertArrayEquals(base, skip.forward(input, null, false).head().value().toDoubleArray(), 1e-12);

        int outputs = skip.outputs();
        int k = skipConfig.outputsPerStep();
        int length = skipConfig.inputLength();
        double[] weights = random(skipConfig.horizon() * length, 2);
        s.set(backend.fromArray(weights, s.shape(), skipConfig.dtype()));
        double[] out = skip.forward(input, null, false).head().value().toDoubleArray();
        double[][] window = window(x, steps, batch);
        for (int b = 0; b < batch; b++) {
            for (int o = 0; o < outputs; o++) {
                int t = o / k;
                double expected = base[b * outputs + o];
                for (int j = 0; j < length && !(meanOnly && o % k == 1); j++) {
                    expected += window[b][j] * weights[t * length + j];
                }
                assertEquals(expected, out[b * outputs + o], 1e-10, "row " + b + ", output " + o);
            }
        }
    }

    @Test
    @DisplayName("the gradient of S[t] is the sum over levels q of r[., t, q]^T x for a loss sum(out * r), and a"
            + " given window replaces the one in x")
    void gradientAndGivenWindow() {
        ForecastNetwork skip = new ForecastNetwork(backend, skipConfig, INPUT_SIZE);
        Parameter s = skip.parameters().get(skip.parameters().size() - 1);
        int steps = 4;
        int batch = 3;
        int outputs = skip.outputs();
        int k = skipConfig.outputsPerStep();
        int length = skipConfig.inputLength();
        double[] x = random(steps * batch * INPUT_SIZE, 3);
        double[] r = random(batch * outputs, 4);
        Tensor input = backend.fromArray(x, Shape.of(steps, batch, INPUT_SIZE), skipConfig.dtype());
        Variable head = skip.forward(input, null, false).head();
        Autograd.backward(Ops.sum(Ops.mul(head, Variable.constant(backend.fromArray(r, Shape.of(batch, outputs),
                skipConfig.dtype())))));
        double[] grad = s.grad().toDoubleArray();
        double[][] window = window(x, steps, batch);
        for (int t = 0; t < skipConfig.horizon(); t++) {
            for (int j = 0; j < length; j++) {
                double expected = 0;
                for (int b = 0; b < batch; b++) {
                    for (int q = 0; q < k; q++) {
                        expected += r[b * outputs + t * k + q] * window[b][j];
                    }
                }
                assertEquals(expected, grad[t * length + j], 1e-10, "dS[" + t + ", " + j + "]");
            }
        }

        s.set(backend.fromArray(random(skipConfig.horizon() * length, 5), s.shape(), skipConfig.dtype()));
        double[] flat = new double[batch * length];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(window[b], 0, flat, b * length, length);
        }
        double[] fromX = skip.forward(input, null, false).head().value().toDoubleArray();
        double[] given = skip.forward(input, null, false, backend.fromArray(flat, Shape.of(batch, length),
                skipConfig.dtype())).head().value().toDoubleArray();
        assertArrayEquals(fromX, given, 1e-12);
        Tensor oneStep = backend.fromArray(random(batch * INPUT_SIZE, 6), Shape.of(1, batch, INPUT_SIZE),
                skipConfig.dtype());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> skip.forward(oneStep, null, false));
        assertTrue(e.getMessage().contains("a whole input window of 4 steps; got 1"), e.getMessage());
    }

    @Test
    @DisplayName("the recursive strategy has no input skip: refused with the reason")
    void recursiveRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ForecastFixtures.small().strategy(dev.jrnn.forecast.Strategy.RECURSIVE).inputSkip(true).build());
        assertTrue(e.getMessage().contains("the input skip needs the direct strategy"), e.getMessage());
    }

    /** Each row's observations of the last window of x [T, B, I]: the first 3 features of each of the last 4 steps. */
    private static double[][] window(double[] x, int steps, int batch) {
        double[][] w = new double[batch][12];
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < 4; k++) {
                for (int j = 0; j < 3; j++) {
                    w[b][k * 3 + j] = x[((steps - 4 + k) * batch + b) * INPUT_SIZE + j];
                }
            }
        }
        return w;
    }

    private static double[] random(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 2 * random.nextDouble() - 1;
        }
        return v;
    }
}

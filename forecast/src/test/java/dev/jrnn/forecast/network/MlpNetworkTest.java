package dev.jrnn.forecast.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.ForecastFixtures;
import dev.jrnn.forecast.Strategy;
import dev.jrnn.forecast.train.HeadModel;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the mlp network: dense layers with ReLU over the flattened input window, then the head")
class MlpNetworkTest {
    private static final int INPUT_SIZE = 5;   // step size 3 and the two sin/cos covariates
    private static final int STEPS = 4;        // input length 12 in steps of 3
    private static final int WIDTH = 7;

    private final Backend backend = new ReferenceBackend();
    private final ForecastConfig config = ForecastFixtures.small().stepSize(3).cell(ForecastConfig.MLP).hidden(WIDTH)
            .layers(2).build();

    @Test
    @DisplayName("its parameters are dense.weight_l<k> [width, fan-in] and dense.bias_l<k>, then the head; no state")
    void parameters() {
        ForecastNetwork net = new ForecastNetwork(backend, config, INPUT_SIZE);
        List<Parameter> ps = net.parameters();
        assertEquals(List.of("dense.weight_l0", "dense.bias_l0", "dense.weight_l1", "dense.bias_l1", "head.weight",
                "head.bias"), ps.stream().map(Parameter::name).toList());
        assertEquals(Shape.of(WIDTH, STEPS * INPUT_SIZE), ps.get(0).shape());
        assertEquals(Shape.of(WIDTH), ps.get(1).shape());
        assertEquals(Shape.of(WIDTH, WIDTH), ps.get(2).shape());
        assertEquals(Shape.of(net.outputs(), WIDTH), ps.get(4).shape());
        assertEquals(0, net.stateCount());
        assertFalse(net.recurrent());
        assertTrue(config.dense());
        double bound = 1 / Math.sqrt(STEPS * INPUT_SIZE);
        for (double w : ps.get(0).value().toDoubleArray()) {
            assertTrue(Math.abs(w) <= bound, "nn.Linear's initialisation bound " + bound + ": " + w);
        }
    }

    @Test
    @DisplayName("the output is relu(relu(x W0^T + b0) W1^T + b1) Wh^T + bh of each row's window, flattened step by step")
    void forwardByHand() {
        ForecastNetwork net = new ForecastNetwork(backend, config, INPUT_SIZE);
        int batch = 3;
        double[] x = random(STEPS * batch * INPUT_SIZE, 1);
        Tensor input = backend.fromArray(x, Shape.of(STEPS, batch, INPUT_SIZE), config.dtype());
        ForecastNetwork.Pass pass = net.forward(input, null, false);
        assertNull(pass.state(), "no state to carry");
        double[] out = pass.head().value().toDoubleArray();
        assertEquals(batch * net.outputs(), out.length);
        List<double[]> w = net.parameters().stream().map(p -> p.value().toDoubleArray()).toList();
        for (int b = 0; b < batch; b++) {
            double[] flat = new double[STEPS * INPUT_SIZE];
            for (int k = 0; k < STEPS; k++) {
                System.arraycopy(x, (k * batch + b) * INPUT_SIZE, flat, k * INPUT_SIZE, INPUT_SIZE);
            }
            double[] z1 = relu(dense(flat, w.get(0), w.get(1)));
            double[] z2 = relu(dense(z1, w.get(2), w.get(3)));
            double[] expected = dense(z2, w.get(4), w.get(5));
            double[] actual = java.util.Arrays.copyOfRange(out, b * net.outputs(), (b + 1) * net.outputs());
            assertArrayEquals(expected, actual, 1e-10, "row " + b);
        }
    }

    @Test
    @DisplayName("the pinball loss's gradients of every dense weight match central finite differences")
    void gradientsMatchFiniteDifferences() {
        ForecastNetwork net = new ForecastNetwork(backend, config, INPUT_SIZE);
        HeadModel model = new HeadModel(net, config);
        int batch = 4;
        // batch first, as the trainer feeds the model
        Tensor input = backend.fromArray(random(batch * STEPS * INPUT_SIZE, 2), Shape.of(batch, STEPS, INPUT_SIZE),
                config.dtype());
        Tensor target = backend.fromArray(random(batch * config.horizon(), 3), Shape.of(batch, config.horizon()),
                config.dtype());
        Variable loss = net.loss().apply(model.forward(Variable.constant(input)), Variable.constant(target));
        Autograd.backward(loss);
        for (Parameter p : net.parameters().subList(0, 4)) {
            double[] grad = p.grad().toDoubleArray();
            double[] w = p.value().toDoubleArray();
            SplittableRandom pick = new SplittableRandom(p.name().hashCode());
            for (int n = 0; n < 6; n++) {
                int i = pick.nextInt(w.length);
                double h = 1e-6;
                double up = lossWith(net, model, p, w, i, h, input, target);
                double down = lossWith(net, model, p, w, i, -h, input, target);
                p.set(backend.fromArray(w, p.shape(), config.dtype()));
                assertEquals((up - down) / (2 * h), grad[i], 1e-6, p.name() + "[" + i + "]");
            }
        }
    }

    private double lossWith(ForecastNetwork net, HeadModel model, Parameter p, double[] w, int i, double h,
                            Tensor input, Tensor target) {
        double[] moved = w.clone();
        moved[i] += h;
        p.set(backend.fromArray(moved, p.shape(), config.dtype()));
        try (Autograd.NoGrad g = Autograd.noGrad()) {
            return net.loss().apply(model.forward(Variable.constant(input)), Variable.constant(target)).value()
                    .toDoubleArray()[0];
        }
    }

    @Test
    @DisplayName("a longer history or a carried state is refused naming the window, and so is the recursive strategy")
    void oneWindowOnly() {
        ForecastNetwork net = new ForecastNetwork(backend, config, INPUT_SIZE);
        Tensor longer = backend.fromArray(random(6 * 2 * INPUT_SIZE, 4), Shape.of(6, 2, INPUT_SIZE), config.dtype());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.forward(longer, null, false));
        assertTrue(e.getMessage().contains("one whole input window of 4 steps") && e.getMessage().contains("got 6"),
                e.getMessage());
        IllegalArgumentException r = assertThrows(IllegalArgumentException.class,
                () -> ForecastFixtures.small().cell(ForecastConfig.MLP).strategy(Strategy.RECURSIVE).build());
        assertTrue(r.getMessage().contains("the mlp network forecasts the whole horizon at once"), r.getMessage());
    }

    @Test
    @DisplayName("the input skip adds its shift to the mlp's head as to a recurrent one's")
    void inputSkip() {
        ForecastConfig skipConfig = config.withInputSkip(true);
        ForecastNetwork plain = new ForecastNetwork(backend, config, INPUT_SIZE);
        ForecastNetwork skip = new ForecastNetwork(backend, skipConfig, INPUT_SIZE);
        Tensor input = backend.fromArray(random(STEPS * 2 * INPUT_SIZE, 5), Shape.of(STEPS, 2, INPUT_SIZE),
                config.dtype());
        assertArrayEquals(plain.forward(input, null, false).head().value().toDoubleArray(),
                skip.forward(input, null, false).head().value().toDoubleArray(), 1e-12, "S starts at zero");
        Parameter s = skip.parameters().get(skip.parameters().size() - 1);
        assertEquals("head.skip", s.name());
        s.set(backend.fromArray(random(skipConfig.horizon() * skipConfig.inputLength(), 6), s.shape(),
                skipConfig.dtype()));
        assertFalse(java.util.Arrays.equals(plain.forward(input, null, false).head().value().toDoubleArray(),
                skip.forward(input, null, false).head().value().toDoubleArray()));
    }

    private static double[] dense(double[] x, double[] weight, double[] bias) {
        double[] y = bias.clone();
        for (int o = 0; o < y.length; o++) {
            for (int i = 0; i < x.length; i++) {
                y[o] += weight[o * x.length + i] * x[i];
            }
        }
        return y;
    }

    private static double[] relu(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.max(0, x[i]);
        }
        return y;
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

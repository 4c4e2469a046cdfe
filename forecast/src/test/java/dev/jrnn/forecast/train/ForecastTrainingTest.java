package dev.jrnn.forecast.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.ForecastFixtures;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.OutputKind;
import dev.jrnn.forecast.Strategy;
import dev.jrnn.forecast.data.CalendarEncoder;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.network.ForecastNetwork;
import dev.jrnn.forecast.scale.ScalingMode;
import dev.jrnn.forecast.scale.SeriesScaling;
import dev.jrnn.forecast.scale.WindowEncoder;
import dev.jrnn.models.train.NonFiniteException;
import dev.jrnn.models.train.Samples;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the forecaster's training, configured on the trainer")
class ForecastTrainingTest {
    private final Backend backend = new ReferenceBackend();
    private final List<TimeSeries> series = List.of(ForecastFixtures.wave("a", 40, 0), ForecastFixtures.wave("b", 60, 1));

    private WindowDraw draw(ForecastConfig c) {
        WindowEncoder encoder = new WindowEncoder(c, CalendarEncoder.forSeries(c.covariates(), series.get(0), c.season()));
        return new WindowDraw(c, series, encoder, SeriesScaling.fit(c, series));
    }

    /** Each window's targets, which tell the windows apart on unscaled series. */
    private static List<String> windows(Samples s, Backend be) {
        List<String> out = new ArrayList<>();
        try (TensorScope scope = TensorScope.open()) {
            for (int i = 0; i < s.size(); i++) {
                out.add(Arrays.toString(s.targets(new int[] {i}, be, DType.FLOAT64).toDoubleArray()));
            }
        }
        return out;
    }

    @Test
    @DisplayName("each epoch draws windowsPerSeries windows per series, reproducibly from the seed and anew every epoch")
    void drawsPerEpoch() {
        ForecastConfig c = ForecastFixtures.small().windowsPerSeries(5).scaling(ScalingMode.NONE).log(false).build();
        WindowDraw draw = draw(c);
        assertEquals(10, draw.epoch(0).size());
        assertEquals(windows(draw.epoch(3), backend), windows(draw(c).epoch(3), backend));
        assertFalse(windows(draw.epoch(0), backend).equals(windows(draw.epoch(1), backend)));
        assertFalse(windows(draw.epoch(0), backend).equals(windows(draw(c.withSeed(6)).epoch(0), backend)));
    }

    @Test
    @DisplayName("with recentWindows the windows start among the last possible starts of each series")
    void recentStarts() {
        ForecastConfig c = ForecastFixtures.small().windowsPerSeries(50).recentWindows(3).scaling(ScalingMode.NONE)
                .log(false).build();
        Samples s = draw(c).epoch(0);
        try (TensorScope scope = TensorScope.open()) {
            for (int i = 0; i < s.size(); i++) {
                double first = s.inputs(new int[] {i}, backend, DType.FLOAT64).toDoubleArray()[0];
                TimeSeries from = i < 50 ? series.get(0) : series.get(1);
                int last = from.length() - c.trainingLength();
                boolean recent = false;
                for (int start = last - 2; start <= last; start++) {
                    recent |= from.values()[start] == first;
                }
                assertTrue(recent, "window " + i + " starts with " + first);
            }
        }
    }

    @Test
    @DisplayName("without windowsPerSeries every window of every series is trained on, the same set each epoch")
    void allWindows() {
        ForecastConfig c = ForecastFixtures.small().windowsPerSeries(0).build();
        WindowDraw draw = draw(c);
        assertEquals((40 - 18 + 1) + (60 - 18 + 1), draw.epoch(0).size());
        assertSame(draw.epoch(0), draw.epoch(5));
    }

    @Test
    @DisplayName("a window's input is its scaled steps and its target the horizon after it (direct) or each next value (recursive)")
    void windowLayout() {
        for (Strategy strategy : Strategy.values()) {
            ForecastConfig c = ForecastFixtures.small().strategy(strategy).scaling(ScalingMode.NONE).log(false).build();
            WindowEncoder encoder = new WindowEncoder(c, CalendarEncoder.forSeries(c.covariates(), series.get(0), c.season()));
            WindowSamples s = new WindowSamples(c, series, encoder, SeriesScaling.fit(c, series), new int[] {0, 1},
                    new int[] {2, 5});
            try (TensorScope scope = TensorScope.open()) {
                int[] batch = {1, 0};
                double[] x = s.inputs(batch, backend, DType.FLOAT64).toDoubleArray();
                double[] y = s.targets(batch, backend, DType.FLOAT64).toDoubleArray();
                int in = encoder.inputSize();
                int n = s.targetShape().size();
                assertEquals(2 * c.steps() * in, x.length);
                assertEquals(series.get(1).values()[5], x[0], 1e-12, "row 0 is window 1: series b from 5");
                assertEquals(series.get(1).values()[6], x[in], 1e-12);
                assertEquals(series.get(0).values()[2], x[c.steps() * in], 1e-12, "row 1 is window 0: series a from 2");
                int ahead = strategy == Strategy.DIRECT ? c.inputLength() : 1;
                assertEquals(series.get(1).values()[5 + ahead], y[0], 1e-12);
                assertEquals(series.get(0).values()[2 + ahead + n - 1], y[2 * n - 1], 1e-12);
            }
        }
    }

    @Test
    @DisplayName("a batch's rows are, bit for bit, each window encoded alone with its own deseasonalised last-window scaler")
    void batchRowsAreWindowsEncodedAlone() {
        for (int stepSize : new int[] {1, 6}) {
            ForecastConfig c = ForecastFixtures.small().stepSize(stepSize).scaling(ScalingMode.LAST_WINDOW).log(true)
                    .deseasonalise(true).build();
            WindowEncoder encoder = new WindowEncoder(c, CalendarEncoder.forSeries(c.covariates(), series.get(0), c.season()));
            SeriesScaling scaling = SeriesScaling.fit(c, series);
            int[] seriesIndex = {0, 1, 1};
            int[] starts = {3, 7, 40};
            WindowSamples s = new WindowSamples(c, series, encoder, scaling, seriesIndex, starts);
            try (TensorScope scope = TensorScope.open()) {
                int[] batch = {2, 0, 1};
                double[] x = s.inputs(batch, backend, DType.FLOAT64).toDoubleArray();
                int size = c.steps() * encoder.inputSize();
                for (int r = 0; r < batch.length; r++) {
                    TimeSeries one = series.get(seriesIndex[batch[r]]);
                    int start = starts[batch[r]];
                    double[] alone = new double[size];
                    encoder.inputs(one, start, c.steps(), scaling.scaler(one, start), alone, 0, 1);
                    assertArrayEquals(alone, Arrays.copyOfRange(x, r * size, (r + 1) * size),
                            "step size " + stepSize + ", row " + r);
                }
            }
        }
    }

    @Test
    @DisplayName("every head's output takes the shape its loss expects, for both strategies")
    void headShapesMeetTheirLosses() {
        for (Strategy strategy : Strategy.values()) {
            for (OutputKind kind : OutputKind.values()) {
                ForecastConfig c = ForecastFixtures.small().strategy(strategy).output(kind).build();
                WindowEncoder encoder = new WindowEncoder(c, CalendarEncoder.forSeries(c.covariates(), series.get(0),
                        c.season()));
                ForecastNetwork network = new ForecastNetwork(backend, c, encoder.inputSize());
                Samples s = draw(c).epoch(0);
                try (TensorScope scope = TensorScope.open()) {
                    int[] batch = {0, 3, 7};
                    Variable out = new HeadModel(network, c).forward(Variable.constant(s.inputs(batch, backend, c.dtype())));
                    double loss = network.loss().apply(out, Variable.constant(s.targets(batch, backend, c.dtype())))
                            .value().item();
                    assertTrue(Double.isFinite(loss), strategy + " " + kind);
                }
            }
        }
    }

    @Test
    @DisplayName("the listener hears every step and epoch, 1-based, and gets the forecaster after each epoch")
    void listenerCallbacks() {
        List<String> heard = new ArrayList<>();
        ForecastConfig c = ForecastFixtures.small().epochs(2).windowsPerSeries(20).batchSize(16).build();
        ForecastTrainer.fit(backend, c, series, new FitListener() {
            @Override
            public void epochEnd(int epoch, int epochs, double loss, long elapsedMs) {
                heard.add("epoch " + epoch + "/" + epochs);
                assertTrue(Double.isFinite(loss) && loss > 0);
            }

            @Override
            public void epochModel(int epoch, Forecaster model) {
                heard.add("model " + epoch + " " + model.forecast(series.get(0)).horizon());
            }

            @Override
            public void stepEnd(int step, int stepsPerEpoch) {
                heard.add(step + "/" + stepsPerEpoch);
            }
        });
        assertEquals(List.of("1/3", "2/3", "3/3", "epoch 1/2", "model 1 6", "1/3", "2/3", "3/3", "epoch 2/2", "model 2 6"),
                heard);
    }

    @Test
    @DisplayName("a diverging run fails with the trainer's NonFiniteException naming the epoch and step")
    void divergence() {
        double[] huge = new double[40];
        for (int i = 0; i < huge.length; i++) {
            huge[i] = 1e200 * (1 + i % 3);
        }
        ForecastConfig c = ForecastFixtures.small().scaling(ScalingMode.NONE).log(false).output(OutputKind.POINT).build();
        NonFiniteException e = assertThrows(NonFiniteException.class,
                () -> ForecastTrainer.fit(backend, c, List.of(TimeSeries.of("huge", huge)), null));
        assertEquals(0, e.epoch());
        assertEquals(0, e.step());
    }

    @Test
    @DisplayName("no epochs leave the forecaster as initialised, and two runs with one seed agree exactly")
    void reproducible() {
        ForecastConfig c = ForecastFixtures.small().epochs(2).build();
        double[] a = ForecastTrainer.fit(backend, c, series, null).forecast(series.get(1)).point();
        double[] b = ForecastTrainer.fit(backend, c, series, null).forecast(series.get(1)).point();
        assertArrayEquals(a, b, 0.0);
        double[] untrained = ForecastTrainer.fit(backend, ForecastFixtures.small().epochs(0).build(), series, null)
                .forecast(series.get(1)).point();
        assertNotSame(a, untrained);
        assertFalse(Arrays.equals(a, untrained));
    }
}

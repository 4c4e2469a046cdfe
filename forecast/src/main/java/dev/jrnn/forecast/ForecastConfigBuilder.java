package dev.jrnn.forecast;

import dev.jrnn.api.DType;
import dev.jrnn.forecast.data.Covariates;
import dev.jrnn.forecast.scale.ScalingMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a {@link ForecastConfig} from defaults: an LSTM of 32 features, one layer, an input of
 * three seasons read one observation a step, a direct quantile head (5%, 50%, 95%), last-window
 * scaling of the logarithm, sin/cos calendar covariates, 60 epochs of Adam at 0.005.
 */
public final class ForecastConfigBuilder {
    private String cell = "lstm";
    private int hidden = 32;
    private int layers = 1;
    private int inputLength;
    private final int horizon;
    private int stepSize = 1;
    private final int season;
    private Strategy strategy = Strategy.DIRECT;
    private OutputKind output = OutputKind.QUANTILE;
    private double[] quantiles = {0.05, 0.5, 0.95};
    private double intervalLevel = 0.9;
    private ScalingMode scaling = ScalingMode.LAST_WINDOW;
    private boolean log = true;
    private boolean deseasonalise;
    private Covariates covariates = Covariates.SIN_COS;
    private int epochs = 60;
    private double learningRate = 0.005;
    private int batchSize = 32;
    private int windowsPerSeries;
    private int recentWindows;
    private double clipNorm = 1.0;
    private long seed = 42;
    private DType dtype = DType.FLOAT32;
    private final Map<String, String> cellOptions = new LinkedHashMap<>();
    private boolean inputSkip;

    ForecastConfigBuilder(int season, int horizon) {
        this.season = season;
        this.horizon = horizon;
        this.inputLength = Math.max(3 * season, 2);
    }

    public ForecastConfigBuilder cell(String v) { cell = v; return this; }
    public ForecastConfigBuilder hidden(int v) { hidden = v; return this; }
    public ForecastConfigBuilder layers(int v) { layers = v; return this; }
    public ForecastConfigBuilder inputLength(int v) { inputLength = v; return this; }
    public ForecastConfigBuilder stepSize(int v) { stepSize = v; return this; }
    public ForecastConfigBuilder strategy(Strategy v) { strategy = v; return this; }
    public ForecastConfigBuilder output(OutputKind v) { output = v; return this; }
    public ForecastConfigBuilder quantiles(double... v) { quantiles = v.clone(); return this; }
    public ForecastConfigBuilder intervalLevel(double v) { intervalLevel = v; return this; }
    public ForecastConfigBuilder scaling(ScalingMode v) { scaling = v; return this; }
    public ForecastConfigBuilder log(boolean v) { log = v; return this; }
    public ForecastConfigBuilder deseasonalise(boolean v) { deseasonalise = v; return this; }
    public ForecastConfigBuilder covariates(Covariates v) { covariates = v; return this; }
    public ForecastConfigBuilder epochs(int v) { epochs = v; return this; }
    public ForecastConfigBuilder learningRate(double v) { learningRate = v; return this; }
    public ForecastConfigBuilder batchSize(int v) { batchSize = v; return this; }
    public ForecastConfigBuilder windowsPerSeries(int v) { windowsPerSeries = v; return this; }
    public ForecastConfigBuilder recentWindows(int v) { recentWindows = v; return this; }
    public ForecastConfigBuilder clipNorm(double v) { clipNorm = v; return this; }
    public ForecastConfigBuilder seed(long v) { seed = v; return this; }
    public ForecastConfigBuilder dtype(DType v) { dtype = v; return this; }
    /** Whether the head also reads the input window's scaled observations linearly (see {@link ForecastConfig}). */
    public ForecastConfigBuilder inputSkip(boolean v) { inputSkip = v; return this; }
    /** An option of the cell, passed to its provider, for example {@code nonlinearity=relu}. */
    public ForecastConfigBuilder cellOption(String key, String value) { cellOptions.put(key, value); return this; }

    public ForecastConfig build() {
        return new ForecastConfig(cell, hidden, layers, inputLength, horizon, stepSize, season, strategy, output,
                quantiles, intervalLevel, scaling, log, deseasonalise, covariates, epochs, learningRate, batchSize,
                windowsPerSeries, recentWindows, clipNorm, seed, dtype, cellOptions, inputSkip);
    }
}

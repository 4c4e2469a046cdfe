package dev.jrnn.forecast;

import dev.jrnn.api.DType;
import dev.jrnn.forecast.data.Covariates;
import dev.jrnn.forecast.io.MetadataReader;
import dev.jrnn.forecast.scale.ScalingMode;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything that defines a forecaster: network, windows, scaling, output and training settings.
 * Saved in the model file's metadata, so a loaded forecaster needs nothing else.
 *
 * @param cell             cell name: {@code lstm}, {@code gru}, {@code rnn} or a registered provider's; or
 *                         {@value #MLP} for dense layers over the whole input window instead of a
 *                         recurrent layer (direct strategy only)
 * @param hidden           hidden features per layer (recurrent or dense)
 * @param layers           stacked recurrent layers, or the {@value #MLP} network's dense layers
 * @param inputLength      observations in an input window
 * @param horizon          steps forecast
 * @param stepSize         observations consumed by one recurrent step (divides {@code inputLength})
 * @param season           season length, for deseasonalising, MASE and the baselines
 * @param strategy         direct or recursive multi-step output
 * @param output           point, Gaussian or quantile head
 * @param quantiles        the quantile head's levels, ascending
 * @param intervalLevel    coverage of the prediction interval, for example 0.9
 * @param scaling          per-series scaling
 * @param log              take logarithms first, of each series whose values are all positive (decided
 *                         per series and kept for the training series, see {@code SeriesScaling})
 * @param deseasonalise    remove the input window's seasonal profile (needs {@link ScalingMode#LAST_WINDOW})
 * @param covariates       calendar covariates of the time after each step
 * @param epochs           passes over the sampled windows
 * @param learningRate     Adam's step size
 * @param batchSize        windows per gradient step
 * @param windowsPerSeries windows drawn from each series per epoch, 0 for all of them
 * @param recentWindows    windows start among the last {@code recentWindows} possible starts of each
 *                         series, so that training weighs the recent past (0: anywhere)
 * @param clipNorm         gradients are scaled down to this global norm (0: no clipping)
 * @param seed             seed of initialisation and sampling
 * @param dtype            network precision
 * @param cellOptions      options passed to the cell's provider ({@code CellConfig.options()}), for example
 *                         {@code nonlinearity=relu}; keys and values without {@code ','} or {@code '='}
 * @param inputSkip        the head also reads the input window's scaled observations x through a linear
 *                         map of its own, which shifts each forecast step's location by {@code (x S^T)[t]}
 *                         (direct strategy only; see {@code ForecastNetwork})
 */
public record ForecastConfig(String cell, int hidden, int layers, int inputLength, int horizon, int stepSize,
                             int season, Strategy strategy, OutputKind output, double[] quantiles,
                             double intervalLevel, ScalingMode scaling, boolean log, boolean deseasonalise,
                             Covariates covariates, int epochs, double learningRate, int batchSize,
                             int windowsPerSeries, int recentWindows, double clipNorm, long seed, DType dtype,
                             Map<String, String> cellOptions, boolean inputSkip) {

    /**
     * The cell name of the network without recurrence: dense layers with ReLU over the flattened
     * input window (N-BEATS' block without its basis expansion), then the same head.
     */
    public static final String MLP = "mlp";

    public ForecastConfig {
        cell = cell.toLowerCase(Locale.ROOT);
        cellOptions = checkedOptions(cellOptions);
        quantiles = quantiles.clone();
        require(hidden > 0 && layers > 0, "hidden and layers must be positive");
        require(inputLength > 0 && horizon > 0 && stepSize > 0, "input length, horizon and step size must be positive");
        require(inputLength % stepSize == 0, "step size " + stepSize + " must divide the input length " + inputLength);
        require(strategy == Strategy.DIRECT || stepSize == 1, "the recursive strategy needs a step size of 1");
        require(season >= 1, "season must be at least 1");
        require(!deseasonalise || scaling == ScalingMode.LAST_WINDOW, "deseasonalising needs LAST_WINDOW scaling");
        require(!deseasonalise || inputLength >= season, "deseasonalising needs an input window of at least a season");
        require(intervalLevel > 0 && intervalLevel < 1, "interval level must be in (0, 1)");
        require(output != OutputKind.QUANTILE || quantiles.length > 0, "the quantile head needs quantiles");
        for (int i = 0; i < quantiles.length; i++) {
            require(quantiles[i] > 0 && quantiles[i] < 1 && (i == 0 || quantiles[i] > quantiles[i - 1]),
                    "quantiles must be ascending in (0, 1): " + Arrays.toString(quantiles));
        }
        require(epochs >= 0, "epochs must be at least 0, got " + epochs);
        require(learningRate > 0, "the learning rate must be positive, got " + learningRate);
        require(batchSize > 0, "the batch size must be positive, got " + batchSize);
        require(windowsPerSeries >= 0, "windows per series must be at least 0 (0: all of them), got " + windowsPerSeries);
        require(recentWindows >= 0, "recent windows must be at least 0 (0: anywhere), got " + recentWindows);
        require(!inputSkip || strategy == Strategy.DIRECT, "the input skip needs the direct strategy");
        require(!MLP.equals(cell) || strategy == Strategy.DIRECT,
                "the mlp network forecasts the whole horizon at once: it needs the direct strategy");
        require(!MLP.equals(cell) || cellOptions.isEmpty(), "the mlp network takes no cell options, got " + cellOptions);
    }

    /** Whether the network is the {@value #MLP}: dense layers over the window, no recurrent state. */
    public boolean dense() {
        return MLP.equals(cell);
    }

    /** The options sorted by key, unmodifiable, after checking they can be stored as {@code k=v,k=v}. */
    private static Map<String, String> checkedOptions(Map<String, String> options) {
        Map<String, String> sorted = new TreeMap<>();
        if (options != null) {
            options.forEach((k, v) -> {
                require(k != null && !k.isBlank() && v != null, "cell option " + k + "=" + v + " needs a key and a value");
                require(!(k + v).contains(",") && !k.contains("="),
                        "cell option '" + k + "=" + v + "' may not contain ',' (nor '=' in its key)");
                sorted.put(k.trim(), v.trim());
            });
        }
        return Collections.unmodifiableMap(sorted);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("forecast config: " + message);
        }
    }

    /** Sensible defaults for a series of the given season and horizon: an LSTM over 3 seasons, direct, quantiles. */
    public static ForecastConfigBuilder builder(int season, int horizon) {
        return new ForecastConfigBuilder(season, horizon);
    }

    /** This configuration with another seed: an ensemble's members differ only in it. */
    public ForecastConfig withSeed(long newSeed) {
        return new ForecastConfig(cell, hidden, layers, inputLength, horizon, stepSize, season, strategy, output,
                quantiles, intervalLevel, scaling, log, deseasonalise, covariates, epochs, learningRate, batchSize,
                windowsPerSeries, recentWindows, clipNorm, newSeed, dtype, cellOptions, inputSkip);
    }

    /** This configuration with the input skip on or off: an ensemble may mix the two networks. */
    public ForecastConfig withInputSkip(boolean skip) {
        return new ForecastConfig(cell, hidden, layers, inputLength, horizon, stepSize, season, strategy, output,
                quantiles, intervalLevel, scaling, log, deseasonalise, covariates, epochs, learningRate, batchSize,
                windowsPerSeries, recentWindows, clipNorm, seed, dtype, cellOptions, skip);
    }

    /**
     * This configuration with another network, {@code layers} layers of {@code hidden} features
     * of {@code cell} (a recurrent cell or {@value #MLP}), the cell options dropped: an ensemble may
     * mix model classes.
     */
    public ForecastConfig withNetwork(String newCell, int newHidden, int newLayers) {
        return new ForecastConfig(newCell, newHidden, newLayers, inputLength, horizon, stepSize, season, strategy,
                output, quantiles, intervalLevel, scaling, log, deseasonalise, covariates, epochs, learningRate,
                batchSize, windowsPerSeries, recentWindows, clipNorm, seed, dtype, Map.of(), inputSkip);
    }

    /** This configuration with another initial learning rate. */
    public ForecastConfig withLearningRate(double rate) {
        return new ForecastConfig(cell, hidden, layers, inputLength, horizon, stepSize, season, strategy, output,
                quantiles, intervalLevel, scaling, log, deseasonalise, covariates, epochs, rate, batchSize,
                windowsPerSeries, recentWindows, clipNorm, seed, dtype, cellOptions, inputSkip);
    }

    /**
     * This configuration reading another input window, {@code length} observations (a multiple of
     * the step size): an ensemble's members may read different windows of the same series.
     */
    public ForecastConfig withInputLength(int length) {
        return new ForecastConfig(cell, hidden, layers, length, horizon, stepSize, season, strategy, output, quantiles,
                intervalLevel, scaling, log, deseasonalise, covariates, epochs, learningRate, batchSize,
                windowsPerSeries, recentWindows, clipNorm, seed, dtype, cellOptions, inputSkip);
    }

    /** Observations a series needs to yield one training window. */
    public int trainingLength() {
        return inputLength + (strategy == Strategy.DIRECT ? horizon : 1);
    }

    /** Recurrent steps in an input window. */
    public int steps() {
        return inputLength / stepSize;
    }

    /** Outputs of the head per forecast step: 1, 2 (mean and scale) or the number of quantiles. */
    public int outputsPerStep() {
        return switch (output) {
            case POINT -> 1;
            case GAUSSIAN -> 2;
            case QUANTILE -> quantiles.length;
        };
    }

    /** This configuration as string metadata, the inverse of {@link #fromMetadata}. */
    public Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cell", cell);
        m.put("hidden", "" + hidden);
        m.put("layers", "" + layers);
        m.put("input_length", "" + inputLength);
        m.put("horizon", "" + horizon);
        m.put("step_size", "" + stepSize);
        m.put("season", "" + season);
        m.put("strategy", strategy.name());
        m.put("output", output.name());
        m.put("quantiles", Arrays.toString(quantiles).replaceAll("[\\[\\] ]", ""));
        m.put("interval_level", "" + intervalLevel);
        m.put("scaling", scaling.name());
        m.put("log", "" + log);
        m.put("deseasonalise", "" + deseasonalise);
        m.put("covariates", covariates.name());
        m.put("epochs", "" + epochs);
        m.put("learning_rate", "" + learningRate);
        m.put("batch_size", "" + batchSize);
        m.put("windows_per_series", "" + windowsPerSeries);
        m.put("recent_windows", "" + recentWindows);
        m.put("clip_norm", "" + clipNorm);
        m.put("seed", "" + seed);
        m.put("dtype", dtype.name());
        if (!cellOptions.isEmpty()) {
            StringBuilder options = new StringBuilder();
            cellOptions.forEach((k, v) -> options.append(options.isEmpty() ? "" : ",").append(k).append('=').append(v));
            m.put("cell_options", options.toString());
        }
        if (inputSkip) {
            m.put("input_skip", "true");
        }
        return m;
    }

    /**
     * The configuration stored by {@link #toMetadata}, parsed strictly ({@link MetadataReader}); a
     * missing or malformed key fails naming it, except {@code recent_windows}, absent from files
     * written before it existed (0 then), {@code cell_options}, absent when there are none, and
     * {@code input_skip}, absent when off.
     */
    public static ForecastConfig fromMetadata(Map<String, String> m) {
        MetadataReader r = new MetadataReader(m);
        String q = r.get("quantiles");
        double[] quantiles = q.isEmpty() ? new double[0]
                : Arrays.stream(q.split(",", -1)).mapToDouble(v -> MetadataReader.parseNumber("quantiles", v)).toArray();
        return new ForecastConfig(r.get("cell"), r.integer("hidden"), r.integer("layers"), r.integer("input_length"),
                r.integer("horizon"), r.integer("step_size"), r.integer("season"),
                r.choice("strategy", Strategy.class), r.choice("output", OutputKind.class), quantiles,
                r.number("interval_level"), r.choice("scaling", ScalingMode.class), r.bool("log"),
                r.bool("deseasonalise"), r.choice("covariates", Covariates.class), r.integer("epochs"),
                r.number("learning_rate"), r.integer("batch_size"), r.integer("windows_per_series"),
                r.has("recent_windows") ? r.integer("recent_windows") : 0, r.number("clip_norm"), r.longValue("seed"),
                r.choice("dtype", DType.class), cellOptions(m.getOrDefault("cell_options", "")),
                r.has("input_skip") && r.bool("input_skip"));
    }

    /** The options stored as {@code k=v,k=v}. */
    private static Map<String, String> cellOptions(String stored) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String pair : stored.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("forecaster metadata 'cell_options' has '" + pair
                        + "', expected key=value");
            }
            options.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return options;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ForecastConfig c && toMetadata().equals(c.toMetadata());
    }

    @Override
    public int hashCode() {
        return toMetadata().hashCode();
    }

    @Override
    public String toString() {
        return "ForecastConfig" + toMetadata();
    }
}

package dev.jrnn.forecast.io;

import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.WeightGuard;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.Strategy;
import dev.jrnn.forecast.data.CalendarEncoder;
import dev.jrnn.forecast.data.CalendarField;
import dev.jrnn.forecast.data.Covariates;
import dev.jrnn.forecast.network.ForecastNetwork;
import dev.jrnn.forecast.scale.Scaler;
import dev.jrnn.forecast.scale.SeriesScaling;
import dev.jrnn.forecast.scale.WindowEncoder;
import dev.jrnn.models.io.LoadOptions;
import dev.jrnn.models.io.Safetensors;
import dev.jrnn.models.io.SafetensorsException;
import dev.jrnn.models.io.SafetensorsFile;
import dev.jrnn.models.train.NonFiniteException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The forecaster's single file: safetensors holding the network's parameters under their PyTorch
 * names plus {@code head.weight} and {@code head.bias} (and {@code head.skip} with the input skip); {@code __metadata__} holds
 * {@code format = jrnn-forecaster}, the {@link ForecastConfig}, the calendar fields, with the log
 * option one {@code log.<series> = true|false} entry per training series (its decision, see
 * {@link SeriesScaling}; files of format version 1 have none, and every series is then decided on
 * its history), and for STANDARD scaling one {@code scaler.<series> = level,scale} entry per
 * training series. The same entries under a key prefix store one network of a
 * {@link ForecastModelFile}.
 *
 * <p>Reading checks the metadata strictly and against the limits below and the tensors' shapes
 * before the network is built, so a file cannot make the loader allocate more than its tensors
 * hold; any problem is a {@link SafetensorsException} naming the file and the key or tensor.
 */
public final class ForecasterFile {
    public static final String FORMAT = "jrnn-forecaster";
    /** Most hidden features per layer a file may declare. */
    public static final int MAX_HIDDEN = 1 << 16;
    /** Most stacked layers. */
    public static final int MAX_LAYERS = 1 << 10;
    /** Most observations in an input window. */
    public static final int MAX_INPUT_LENGTH = 1 << 20;
    /** Most steps forecast. */
    public static final int MAX_HORIZON = 1 << 16;
    /** Longest season. */
    public static final int MAX_SEASON = 1 << 16;
    /** Most quantile levels. */
    public static final int MAX_QUANTILES = 1 << 10;

    private static final String SCALER = "scaler.";
    private static final String LOG = "log.";
    private static final int VERSION = 2;

    private ForecasterFile() {
    }

    /**
     * Writes {@code forecaster} to {@code file} atomically.
     *
     * @throws NonFiniteException naming the parameter when a weight is NaN or infinite (nothing is written)
     */
    public static void write(Path file, Forecaster forecaster) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("format_version", "" + VERSION);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        // the values are written after put returns: the lease keeps a concurrent swap from closing them
        try (WeightGuard.Lease weights = WeightGuard.read(forecaster.parameters())) {
            put("", forecaster, tensors, meta);
            Safetensors.write(file, tensors, meta);
        }
    }

    /**
     * Reads a forecaster written by {@link #write} onto {@code backend}.
     *
     * @throws SafetensorsException for any file that is not a valid forecaster file of a version this
     *                              jrnn reads, naming the file and what was wrong
     */
    public static Forecaster read(Backend backend, Path file) throws IOException {
        SafetensorsFile in = Safetensors.read(file);
        Map<String, String> meta = in.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new SafetensorsException(file, "is not a jrnn forecaster (metadata format is "
                    + meta.get("format") + ", expected " + FORMAT + ")");
        }
        FormatVersion.check(file, "forecaster", meta.getOrDefault("format_version", "1"), VERSION);
        return take("", in, StoredNetworks.single(in), backend);
    }

    /**
     * Adds {@code forecaster}'s tensors and metadata, each key prefixed by {@code prefix}; a
     * configuration beyond the loading limits is refused, so that no file is written that could not
     * be read back.
     */
    static void put(String prefix, Forecaster forecaster, Map<String, Tensor> tensors, Map<String, String> meta) {
        checkLimits(forecaster.config());
        forecaster.config().toMetadata().forEach((k, v) -> meta.put(prefix + k, v));
        CalendarEncoder calendar = forecaster.calendar();
        meta.put(prefix + "calendar", calendar.fieldsText());
        meta.put(prefix + "calendar_encoding", calendar.kind().name());
        for (var e : forecaster.scaling().logs().entrySet()) {
            meta.put(prefix + LOG + e.getKey(), e.getValue().toString());
        }
        for (var e : forecaster.scaling().standardScalers().entrySet()) {
            meta.put(prefix + SCALER + e.getKey(), e.getValue().level() + "," + e.getValue().scale());
        }
        for (Parameter p : forecaster.parameters()) {
            NonFiniteException.requireFiniteWeights(prefix + p.name(), p.value().toDoubleArray());
            tensors.put(prefix + p.name(), p.value());
        }
    }

    /** The forecaster stored by {@link #put} under {@code prefix}. */
    static Forecaster take(String prefix, SafetensorsFile in, StoredNetworks stored, Backend backend)
            throws SafetensorsException {
        Path file = in.source();
        Map<String, String> meta = stored.metadata(prefix);
        String where = prefix.isEmpty() ? "" : "network '" + prefix + "': ";
        ForecastConfig config;
        WindowEncoder encoder;
        SeriesScaling scaling;
        try {
            config = ForecastConfig.fromMetadata(meta);
            checkLimits(config);
            encoder = new WindowEncoder(config, calendar(new MetadataReader(meta), config));
            scaling = scaling(meta, config);
        } catch (IllegalArgumentException e) {
            throw new SafetensorsException(file, where + e.getMessage(), e);
        }
        checkTensors(prefix, in, stored.layers(prefix), config, encoder.inputSize());
        ForecastNetwork network;
        try {
            network = new ForecastNetwork(backend, config, encoder.inputSize());
        } catch (IllegalArgumentException e) {
            throw new SafetensorsException(file, where + "cannot build the network of metadata 'cell' " + config.cell()
                    + ": " + e.getMessage(), e);
        }
        List<Tensor> values = new ArrayList<>();
        try {
            for (Parameter p : network.parameters()) {
                String name = prefix + p.name();
                if (!in.contains(name)) {
                    throw new SafetensorsException(file, "lacks the parameter '" + name + "' of a " + config.cell()
                            + " forecaster");
                }
                if (!in.shape(name).equals(p.shape())) {
                    throw new SafetensorsException(file, "parameter '" + name + "' has shape " + in.shape(name)
                            + ", the configuration needs " + p.shape());
                }
                values.add(in.tensor(name, backend, config.dtype(), LoadOptions.DEFAULT));
            }
        } catch (SafetensorsException e) {
            values.forEach(Tensor::close);
            network.parameters().forEach(p -> p.value().close());
            throw e;
        }
        for (int i = 0; i < values.size(); i++) {
            network.parameters().get(i).set(values.get(i));
        }
        return new Forecaster(config, network, encoder, scaling);
    }

    /** Sizes that no tensor bounds (a recursive horizon, the window) or that must be sane before anything is built. */
    static void checkLimits(ForecastConfig c) {
        limit("hidden", c.hidden(), MAX_HIDDEN);
        limit("layers", c.layers(), MAX_LAYERS);
        limit("input_length", c.inputLength(), MAX_INPUT_LENGTH);
        limit("horizon", c.horizon(), MAX_HORIZON);
        limit("season", c.season(), MAX_SEASON);
        limit("quantiles (count)", c.quantiles().length, MAX_QUANTILES);
    }

    /** That {@code key}'s {@code value} is at most {@code max}. */
    static void limit(String key, int value, int max) {
        if (value > max) {
            throw new IllegalArgumentException("'" + key + "' is " + value + ", beyond the limit of " + max
                    + " that a model file may hold");
        }
    }

    /** The calendar covariates: an encoding, and fields exactly when the encoding is not NONE. */
    private static CalendarEncoder calendar(MetadataReader r, ForecastConfig config) {
        Covariates kind = r.choice("calendar_encoding", Covariates.class);
        String text = r.get("calendar");
        List<CalendarField> fields = new ArrayList<>();
        if (!text.isEmpty()) {
            for (String f : text.split(",", -1)) {
                fields.add(MetadataReader.parseChoice("calendar", f, CalendarField.class));
            }
        }
        if ((kind == Covariates.NONE) != fields.isEmpty()) {
            throw new IllegalArgumentException("metadata 'calendar_encoding' is " + kind + " but 'calendar' is '"
                    + text + "': fields go with an encoding, and only with one");
        }
        if (fields.size() > CalendarField.values().length) {
            throw new IllegalArgumentException("metadata 'calendar' lists " + fields.size() + " fields, more than the "
                    + CalendarField.values().length + " there are");
        }
        return new CalendarEncoder(kind, fields, config.season());
    }

    /** Each training series' log decision ({@code true}/{@code false}) and STANDARD statistics (level, positive scale). */
    private static SeriesScaling scaling(Map<String, String> meta, ForecastConfig config) {
        MetadataReader r = new MetadataReader(meta);
        Map<String, Boolean> logs = new HashMap<>();
        for (String key : meta.keySet()) {
            if (key.startsWith(LOG)) {
                logs.put(key.substring(LOG.length()), r.bool(key));
            }
        }
        Map<String, Scaler> scalers = new HashMap<>();
        for (var e : meta.entrySet()) {
            if (e.getKey().startsWith(SCALER)) {
                String name = e.getKey().substring(SCALER.length());
                String[] v = e.getValue().split(",", -1);
                if (v.length != 2) {
                    throw new IllegalArgumentException("metadata '" + e.getKey() + "' is not level,scale: '"
                            + e.getValue() + "'");
                }
                double level = MetadataReader.parseNumber(e.getKey(), v[0]);
                double scale = MetadataReader.parseNumber(e.getKey(), v[1]);
                if (!(scale > 0)) {
                    throw new IllegalArgumentException("metadata '" + e.getKey() + "' has the scale " + scale
                            + "; a scale must be positive");
                }
                scalers.put(name, new Scaler(level, scale, logs.getOrDefault(name, config.log()), null));
            }
        }
        return new SeriesScaling(config, logs, scalers);
    }

    /**
     * The metadata against the tensors, before any network is built: the head is
     * {@code [outputs, hidden]} and {@code [outputs]}; each of the {@code layers} layers has tensors
     * (named {@code ..._l<k>}); the first layer's input weights read {@code inputSize} features and
     * every recurrent weight {@code hidden}.
     */
    private static void checkTensors(String prefix, SafetensorsFile in, Set<Integer> layers, ForecastConfig c,
                                     int inputSize) throws SafetensorsException {
        Path file = in.source();
        int k = c.outputsPerStep();
        long outputs = c.strategy() == Strategy.DIRECT ? (long) c.horizon() * k : k;
        String because = " (horizon " + c.horizon() + ", " + k + " outputs per step, hidden " + c.hidden() + ")";
        expect(in, prefix + "head.weight", new long[] {outputs, c.hidden()}, because);
        expect(in, prefix + "head.bias", new long[] {outputs}, because);
        if (c.inputSkip()) {
            expect(in, prefix + "head.skip", new long[] {c.horizon(), c.inputLength()},
                    " (metadata 'input_skip': horizon " + c.horizon() + ", input_length " + c.inputLength() + ")");
        }
        for (int l = 0; l < c.layers(); l++) {
            if (!layers.contains(l)) {
                throw new SafetensorsException(file, "metadata 'layers' is " + c.layers() + " but the file has no tensor"
                        + " of layer " + l + " ('" + prefix + "..._l" + l + "')");
            }
        }
        if (c.dense()) {
            for (int l = 0; l < c.layers(); l++) {
                expect(in, prefix + "dense.weight_l" + l, new long[] {c.hidden(), l == 0 ? (long) c.steps() * inputSize
                        : c.hidden()}, l == 0 ? " (the input window of " + c.steps() + " steps of " + inputSize
                        + " features, flattened)" : because);
            }
            return;
        }
        for (int l = 0; l < c.layers(); l++) {
            expectColumns(in, prefix + "weight_ih_l" + l, l == 0 ? inputSize : c.hidden(),
                    l == 0 ? " (step_size " + c.stepSize() + " and the calendar covariates)" : because);
            expectColumns(in, prefix + "weight_hh_l" + l, c.hidden(), because);
        }
    }

    private static void expect(SafetensorsFile in, String name, long[] dims, String because) throws SafetensorsException {
        if (!in.contains(name)) {
            throw new SafetensorsException(in.source(), "lacks the tensor '" + name + "'");
        }
        int[] actual = in.shape(name).dims();
        boolean same = actual.length == dims.length;
        for (int i = 0; same && i < dims.length; i++) {
            same = actual[i] == dims[i];
        }
        if (!same) {
            throw new SafetensorsException(in.source(), "tensor '" + name + "' has shape " + in.shape(name)
                    + ", but the metadata needs " + Arrays.toString(dims) + because);
        }
    }

    /** A weight {@code [rows, columns]}, where present (a registered cell may name its weights otherwise). */
    private static void expectColumns(SafetensorsFile in, String name, int columns, String because)
            throws SafetensorsException {
        if (!in.contains(name)) {
            return;
        }
        Shape s = in.shape(name);
        if (s.rank() != 2 || s.dim(1) != columns) {
            throw new SafetensorsException(in.source(), "tensor '" + name + "' has shape " + s + ", but the metadata"
                    + " needs " + columns + " columns" + because);
        }
    }
}

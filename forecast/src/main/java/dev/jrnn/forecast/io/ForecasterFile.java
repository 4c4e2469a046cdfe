package dev.jrnn.forecast.io;

import dev.jrnn.api.Tensor;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.data.CalendarEncoder;
import dev.jrnn.forecast.data.Covariates;
import dev.jrnn.forecast.network.ForecastNetwork;
import dev.jrnn.forecast.scale.Scaler;
import dev.jrnn.forecast.scale.SeriesScaling;
import dev.jrnn.forecast.scale.WindowEncoder;
import dev.jrnn.models.io.Safetensors;
import dev.jrnn.models.io.SafetensorsException;
import dev.jrnn.models.io.SafetensorsFile;
import dev.jrnn.models.train.NonFiniteException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The forecaster's single file: safetensors holding the network's parameters under their PyTorch
 * names plus {@code head.weight} and {@code head.bias}; {@code __metadata__} holds
 * {@code format = jrnn-forecaster}, the {@link ForecastConfig}, the calendar fields, with the log
 * option one {@code log.<series> = true|false} entry per training series (its decision, see
 * {@link SeriesScaling}; files of format version 1 have none, and every series is then decided on
 * its history), and for STANDARD scaling one {@code scaler.<series> = level,scale} entry per
 * training series. The same entries under a key prefix store one network of a
 * {@link ForecastModelFile}.
 */
public final class ForecasterFile {
    public static final String FORMAT = "jrnn-forecaster";
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
        put("", forecaster, tensors, meta);
        Safetensors.write(file, tensors, meta);
    }

    /** Reads a forecaster written by {@link #write} onto {@code backend}. */
    public static Forecaster read(Backend backend, Path file) throws IOException {
        SafetensorsFile in = Safetensors.read(file);
        Map<String, String> meta = in.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new SafetensorsException(file, "is not a jrnn forecaster (metadata format is "
                    + meta.get("format") + ", expected " + FORMAT + ")");
        }
        String version = meta.getOrDefault("format_version", "1");
        if (!version.matches("[12]")) {
            throw new SafetensorsException(file, "has forecaster format version " + version + "; this jrnn reads 1 and "
                    + VERSION);
        }
        return take("", in, backend);
    }

    /** Adds {@code forecaster}'s tensors and metadata, each key prefixed by {@code prefix}. */
    static void put(String prefix, Forecaster forecaster, Map<String, Tensor> tensors, Map<String, String> meta) {
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
    static Forecaster take(String prefix, SafetensorsFile in, Backend backend) throws SafetensorsException {
        Path file = in.source();
        Map<String, String> meta = new HashMap<>();
        in.metadata().forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                meta.put(k.substring(prefix.length()), v);
            }
        });
        String where = prefix.isEmpty() ? "" : "network '" + prefix + "': ";
        ForecastConfig config;
        CalendarEncoder calendar;
        try {
            config = ForecastConfig.fromMetadata(meta);
            MetadataReader r = new MetadataReader(meta);
            calendar = CalendarEncoder.parse(Covariates.valueOf(r.get("calendar_encoding")), r.get("calendar"),
                    config.season());
        } catch (IllegalArgumentException e) {
            throw new SafetensorsException(file, where + e.getMessage(), e);
        }
        WindowEncoder encoder = new WindowEncoder(config, calendar);
        ForecastNetwork network = new ForecastNetwork(backend, config, encoder.inputSize());
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
            p.set(in.tensor(name, backend, config.dtype()));
        }
        Map<String, Boolean> logs = new HashMap<>();
        for (var e : meta.entrySet()) {
            if (e.getKey().startsWith(LOG)) {
                logs.put(e.getKey().substring(LOG.length()), Boolean.parseBoolean(e.getValue()));
            }
        }
        Map<String, Scaler> scalers = new HashMap<>();
        for (var e : meta.entrySet()) {
            if (e.getKey().startsWith(SCALER)) {
                String name = e.getKey().substring(SCALER.length());
                String[] v = e.getValue().split(",");
                try {
                    scalers.put(name, new Scaler(Double.parseDouble(v[0]), Double.parseDouble(v[1]),
                            logs.getOrDefault(name, config.log()), null));
                } catch (RuntimeException bad) {
                    throw new SafetensorsException(file, where + "metadata '" + e.getKey() + "' is not level,scale: "
                            + e.getValue(), bad);
                }
            }
        }
        return new Forecaster(config, network, encoder, new SeriesScaling(config, logs, scalers));
    }
}

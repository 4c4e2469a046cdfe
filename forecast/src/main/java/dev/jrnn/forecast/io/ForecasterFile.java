package dev.jrnn.forecast.io;

import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.data.CalendarEncoder;
import dev.jrnn.forecast.data.Covariates;
import dev.jrnn.forecast.network.ForecastNetwork;
import dev.jrnn.forecast.scale.Scaler;
import dev.jrnn.forecast.scale.SeriesScaling;
import dev.jrnn.forecast.scale.WindowEncoder;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.models.io.Safetensors;
import dev.jrnn.models.io.SafetensorsException;
import dev.jrnn.models.io.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The forecaster's single file: safetensors holding the network's parameters under their PyTorch
 * names plus {@code head.weight} and {@code head.bias}; {@code __metadata__} holds
 * {@code format = jrnn-forecaster}, the {@link ForecastConfig}, the calendar fields, with the log
 * option one {@code log.<series> = true|false} entry per training series (its decision, see
 * {@link SeriesScaling}; files of format version 1 have none, and every series is then decided on its
 * history), and for STANDARD scaling one {@code scaler.<series> = level,scale} entry per training series.
 */
public final class ForecasterFile {
    public static final String FORMAT = "jrnn-forecaster";
    private static final String SCALER = "scaler.";
    private static final String LOG = "log.";
    private static final int VERSION = 2;

    private ForecasterFile() {
    }

    public static void write(Path file, ForecastConfig config, CalendarEncoder calendar, List<Parameter> parameters,
                             SeriesScaling scaling) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("format_version", "" + VERSION);
        meta.putAll(config.toMetadata());
        meta.put("calendar", calendar.fieldsText());
        meta.put("calendar_encoding", calendar.kind().name());
        for (var e : scaling.logs().entrySet()) {
            meta.put(LOG + e.getKey(), e.getValue().toString());
        }
        for (var e : scaling.standardScalers().entrySet()) {
            meta.put(SCALER + e.getKey(), e.getValue().level() + "," + e.getValue().scale());
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            tensors.put(p.name(), p.value());
        }
        Safetensors.write(file, tensors, meta);
    }

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
        ForecastConfig config;
        try {
            config = ForecastConfig.fromMetadata(meta);
        } catch (IllegalArgumentException e) {
            throw new SafetensorsException(file, e.getMessage(), e);
        }
        CalendarEncoder calendar = CalendarEncoder.parse(Covariates.valueOf(meta.get("calendar_encoding")),
                meta.get("calendar"), config.season());
        WindowEncoder encoder = new WindowEncoder(config, calendar);
        ForecastNetwork network = new ForecastNetwork(backend, config, encoder.inputSize());
        for (Parameter p : network.parameters()) {
            if (!in.contains(p.name())) {
                throw new SafetensorsException(file, "lacks the parameter '" + p.name() + "' of a " + config.cell()
                        + " forecaster; it holds " + in.names());
            }
            if (!in.shape(p.name()).equals(p.shape())) {
                throw new SafetensorsException(file, "parameter '" + p.name() + "' has shape " + in.shape(p.name())
                        + ", the configuration needs " + p.shape());
            }
            p.set(in.tensor(p.name(), backend, config.dtype()));
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
                    throw new SafetensorsException(file, "metadata '" + e.getKey() + "' is not level,scale: "
                            + e.getValue(), bad);
                }
            }
        }
        return new Forecaster(config, network, encoder, new SeriesScaling(config, logs, scalers));
    }
}

package dev.jrnn.forecast.io;

import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.data.CalendarEncoder;
import dev.jrnn.forecast.data.Covariates;
import dev.jrnn.forecast.network.ForecastNetwork;
import dev.jrnn.forecast.scale.Scaler;
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
 * {@code format = jrnn-forecaster}, the {@link ForecastConfig}, the calendar fields, and for
 * STANDARD scaling one {@code scaler.<series> = level,scale} entry per training series.
 */
public final class ForecasterFile {
    public static final String FORMAT = "jrnn-forecaster";
    private static final String SCALER = "scaler.";

    private ForecasterFile() {
    }

    public static void write(Path file, ForecastConfig config, CalendarEncoder calendar, List<Parameter> parameters,
                      Map<String, Scaler> scalers) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("format_version", "1");
        meta.putAll(config.toMetadata());
        meta.put("calendar", calendar.fieldsText());
        meta.put("calendar_encoding", calendar.kind().name());
        for (var e : scalers.entrySet()) {
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
        Map<String, Scaler> scalers = new HashMap<>();
        for (var e : meta.entrySet()) {
            if (e.getKey().startsWith(SCALER)) {
                String[] v = e.getValue().split(",");
                scalers.put(e.getKey().substring(SCALER.length()),
                        new Scaler(Double.parseDouble(v[0]), Double.parseDouble(v[1]), config.log(), null));
            }
        }
        return new Forecaster(config, network, encoder, scalers);
    }
}

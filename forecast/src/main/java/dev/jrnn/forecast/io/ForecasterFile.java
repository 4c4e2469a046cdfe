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
import dev.jrnn.forecast.scale.WindowEncoder;
import dev.jrnn.models.io.Safetensors;
import dev.jrnn.models.io.SafetensorsException;
import dev.jrnn.models.io.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The forecaster's single file: safetensors holding the network's parameters under their PyTorch
 * names plus {@code head.weight} and {@code head.bias}; {@code __metadata__} holds
 * {@code format = jrnn-forecaster}, the {@link ForecastConfig}, the calendar fields, and for
 * STANDARD scaling one {@code scaler.<series> = level,scale} entry per training series. The same
 * entries under a key prefix store one network of a {@link ForecastModelFile}.
 */
public final class ForecasterFile {
    static final String FORMAT = "jrnn-forecaster";
    private static final String SCALER = "scaler.";

    private ForecasterFile() {
    }

    /** Writes {@code forecaster} to {@code file} atomically. */
    public static void write(Path file, Forecaster forecaster) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("format_version", "1");
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
        return take("", in, backend);
    }

    /** Adds {@code forecaster}'s tensors and metadata, each key prefixed by {@code prefix}. */
    static void put(String prefix, Forecaster forecaster, Map<String, Tensor> tensors, Map<String, String> meta) {
        forecaster.config().toMetadata().forEach((k, v) -> meta.put(prefix + k, v));
        CalendarEncoder calendar = forecaster.calendar();
        meta.put(prefix + "calendar", calendar.fieldsText());
        meta.put(prefix + "calendar_encoding", calendar.kind().name());
        for (var e : forecaster.standardScalers().entrySet()) {
            meta.put(prefix + SCALER + e.getKey(), e.getValue().level() + "," + e.getValue().scale());
        }
        for (Parameter p : forecaster.parameters()) {
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
        ForecastConfig config;
        CalendarEncoder calendar;
        try {
            config = ForecastConfig.fromMetadata(meta);
            calendar = CalendarEncoder.parse(Covariates.valueOf(new MetadataReader(meta).get("calendar_encoding")),
                    new MetadataReader(meta).get("calendar"), config.season());
        } catch (IllegalArgumentException e) {
            throw new SafetensorsException(file, (prefix.isEmpty() ? "" : "network '" + prefix + "': ")
                    + e.getMessage(), e);
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
        Map<String, Scaler> scalers = new HashMap<>();
        for (var e : meta.entrySet()) {
            if (e.getKey().startsWith(SCALER)) {
                String[] v = e.getValue().split(",");
                try {
                    scalers.put(e.getKey().substring(SCALER.length()),
                            new Scaler(Double.parseDouble(v[0]), Double.parseDouble(v[1]), config.log(), null));
                } catch (RuntimeException bad) {
                    throw new SafetensorsException(file, "scaler '" + prefix + e.getKey() + "' is not level,scale: "
                            + e.getValue(), bad);
                }
            }
        }
        return new Forecaster(config, network, encoder, scalers);
    }
}

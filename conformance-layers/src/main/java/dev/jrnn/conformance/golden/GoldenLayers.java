package dev.jrnn.conformance.golden;

import dev.jrnn.api.DType;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.models.io.SafetensorsFile;
import dev.jrnn.models.layer.RecurrentLayer;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Builds the layer a golden case describes and loads its PyTorch weights. */
final class GoldenLayers {
    private GoldenLayers() {
    }

    /**
     * The layer of the case's metadata ({@code mode}, sizes, layers, direction, bias, and
     * {@code proj_size} when present), weights loaded.
     */
    static RecurrentLayer build(SafetensorsFile file, Backend backend, DType dtype, boolean fused) {
        Map<String, String> meta = file.metadata();
        RecurrentLayer layer = RecurrentLayer.builder(cellName(file, meta))
                .backend(backend)
                .dtype(dtype)
                .inputSize(intValue(file, meta, "input_size"))
                .hiddenSize(intValue(file, meta, "hidden_size"))
                .projSize(meta.containsKey("proj_size") ? intValue(file, meta, "proj_size") : 0)
                .numLayers(intValue(file, meta, "num_layers"))
                .bidirectional(boolValue(file, meta, "bidirectional"))
                .bias(boolValue(file, meta, "bias"))
                .fused(fused)
                .build();
        Set<String> expected = new TreeSet<>();
        for (String name : file.names()) {
            if (name.startsWith("weight_") || name.startsWith("bias_")) {
                expected.add(name);
            }
        }
        if (!expected.equals(new TreeSet<>(layer.namedParameters().keySet()))) {
            throw new IllegalArgumentException(file.source() + ": the file's parameters " + expected
                    + " differ from the layer's " + layer.namedParameters().keySet());
        }
        for (Parameter p : layer.parameters()) {
            if (!file.shape(p.name()).equals(p.shape())) {
                throw new IllegalArgumentException(file.source() + ": parameter " + p.name() + " has shape "
                        + file.shape(p.name()) + ", the layer expects " + p.shape());
            }
            p.set(file.tensor(p.name(), backend, dtype));
        }
        return layer;
    }

    private static String cellName(SafetensorsFile file, Map<String, String> meta) {
        String mode = require(file, meta, "mode").toUpperCase(Locale.ROOT);
        return switch (mode) {
            case "LSTM" -> "lstm";
            case "GRU" -> "gru";
            case "RNN" -> "rnn_" + meta.getOrDefault("nonlinearity", "tanh").toLowerCase(Locale.ROOT);
            default -> throw new IllegalArgumentException(file.source() + ": metadata mode '" + mode
                    + "' is not RNN, LSTM or GRU");
        };
    }

    private static String require(SafetensorsFile file, Map<String, String> meta, String key) {
        String value = meta.get(key);
        if (value == null) {
            throw new IllegalArgumentException(file.source() + ": metadata lacks '" + key + "'");
        }
        return value;
    }

    private static int intValue(SafetensorsFile file, Map<String, String> meta, String key) {
        String value = require(file, meta, key);
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file.source() + ": metadata " + key + " = '" + value
                    + "' is not an integer", e);
        }
    }

    private static boolean boolValue(SafetensorsFile file, Map<String, String> meta, String key) {
        String value = require(file, meta, key).trim().toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(file.source() + ": metadata " + key + " = '" + value
                    + "' is not true or false");
        }
        return value.equals("true");
    }
}

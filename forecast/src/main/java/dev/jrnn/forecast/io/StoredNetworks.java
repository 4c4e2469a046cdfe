package dev.jrnn.forecast.io;

import dev.jrnn.models.io.SafetensorsFile;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metadata and the layer numbers of the tensors of each network in a file, grouped by the
 * network's key prefix in one pass over the header, so that reading many networks costs time in
 * proportion to the file, not to the square of its networks.
 */
final class StoredNetworks {
    /** A layer's tensors end in {@code _l<k>}, or {@code _l<k>_reverse}. */
    private static final Pattern LAYER_SUFFIX = Pattern.compile("_l([0-9]{1,9})(_reverse)?$");
    /** A forecast model's networks are under {@code member.<i>.net.<k>.}. */
    private static final Pattern MEMBER_NETWORK = Pattern.compile("^member\\.[0-9]{1,9}\\.net\\.[0-9]{1,9}\\.");

    private final Map<String, Map<String, String>> metadata = new HashMap<>();
    private final Map<String, Set<Integer>> layers = new HashMap<>();

    private StoredNetworks() {
    }

    /** The one network of a forecaster file, under the empty prefix. */
    static StoredNetworks single(SafetensorsFile in) {
        StoredNetworks s = new StoredNetworks();
        s.metadata.put("", in.metadata());
        for (String name : in.names()) {
            s.addLayer("", name);
        }
        return s;
    }

    /** The networks of a forecast-model file, each under its {@code member.<i>.net.<k>.} prefix. */
    static StoredNetworks members(SafetensorsFile in) {
        StoredNetworks s = new StoredNetworks();
        for (var e : in.metadata().entrySet()) {
            Matcher m = MEMBER_NETWORK.matcher(e.getKey());
            if (m.find()) {
                s.metadata.computeIfAbsent(m.group(), k -> new HashMap<>()).put(e.getKey().substring(m.end()),
                        e.getValue());
            }
        }
        for (String name : in.names()) {
            Matcher m = MEMBER_NETWORK.matcher(name);
            if (m.find()) {
                s.addLayer(m.group(), name);
            }
        }
        return s;
    }

    private void addLayer(String prefix, String name) {
        Matcher m = LAYER_SUFFIX.matcher(name);
        if (m.find()) {
            layers.computeIfAbsent(prefix, k -> new HashSet<>()).add(Integer.parseInt(m.group(1)));
        }
    }

    /** The metadata of the network under {@code prefix}, keys without the prefix. */
    Map<String, String> metadata(String prefix) {
        return metadata.getOrDefault(prefix, Map.of());
    }

    /** The layer numbers that tensors of the network under {@code prefix} carry. */
    Set<Integer> layers(String prefix) {
        return layers.getOrDefault(prefix, Set.of());
    }
}

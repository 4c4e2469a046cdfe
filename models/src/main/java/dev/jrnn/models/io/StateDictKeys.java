package dev.jrnn.models.io;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * How parameter names map to the keys of a state dict, one way for both directions: saving writes
 * each parameter under its key, loading reads each parameter from its key (a file key that no
 * parameter maps to is unexpected). Rules apply in the order added, each to the previous one's
 * result. Immutable.
 *
 * <p>For a PyTorch module that holds the layer as {@code self.lstm} and a head as {@code self.head},
 * a layer's {@code weight_ih_l0} is the key {@code lstm.weight_ih_l0}:
 * {@code StateDictKeys.identity().addPrefix("lstm.", layer.namedParameters().keySet())}; a file of
 * a module wrapped once more ({@code model.lstm.weight_ih_l0}) takes {@code .addPrefix("model.")}
 * after it; a head saved as {@code fc.*} takes {@code .renamePrefix("head.", "fc.")}.
 */
public final class StateDictKeys {
    private static final StateDictKeys IDENTITY = new StateDictKeys(List.of(), List.of());

    private final List<UnaryOperator<String>> rules;
    private final List<String> descriptions;

    private StateDictKeys(List<UnaryOperator<String>> rules, List<String> descriptions) {
        this.rules = rules;
        this.descriptions = descriptions;
    }

    /** Keys equal to the parameter names. */
    public static StateDictKeys identity() {
        return IDENTITY;
    }

    /** These keys with {@code prefix} put before every key. */
    public StateDictKeys addPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return with(key -> prefix + key, "add '" + prefix + "'");
    }

    /** These keys with {@code prefix} put before the keys of the parameters named {@code names} (as these keys map them so far). */
    public StateDictKeys addPrefix(String prefix, Collection<String> names) {
        Objects.requireNonNull(prefix, "prefix");
        Set<String> only = Set.copyOf(names);
        return with(key -> only.contains(key) ? prefix + key : key, "add '" + prefix + "' to " + only.size() + " keys");
    }

    /** These keys with a leading {@code from} replaced by {@code to}; keys not starting with {@code from} are kept. */
    public StateDictKeys renamePrefix(String from, String to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return with(key -> key.startsWith(from) ? to + key.substring(from.length()) : key,
                "'" + from + "' -> '" + to + "'");
    }

    /** These keys with a leading {@code prefix} removed ({@code renamePrefix(prefix, "")}). */
    public StateDictKeys stripPrefix(String prefix) {
        return renamePrefix(prefix, "");
    }

    private StateDictKeys with(UnaryOperator<String> rule, String description) {
        List<UnaryOperator<String>> r = new ArrayList<>(rules);
        r.add(rule);
        List<String> d = new ArrayList<>(descriptions);
        d.add(description);
        return new StateDictKeys(List.copyOf(r), List.copyOf(d));
    }

    /** The key of the parameter named {@code name}. */
    public String key(String name) {
        String key = name;
        for (UnaryOperator<String> rule : rules) {
            key = rule.apply(key);
        }
        return key;
    }

    /**
     * The key of each name, in order.
     *
     * @throws IllegalArgumentException when two names map to one key, or a key is empty, naming them
     */
    public Map<String, String> keys(Iterable<String> names) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String name : names) {
            String key = key(name);
            if (key.isEmpty()) {
                throw new IllegalArgumentException("state dict keys " + this + ": parameter '" + name
                        + "' maps to the empty key");
            }
            String other = byKey.putIfAbsent(key, name);
            if (other != null) {
                throw new IllegalArgumentException("state dict keys " + this + ": parameters '" + other + "' and '"
                        + name + "' both map to the key '" + key + "'");
            }
        }
        Map<String, String> byName = new LinkedHashMap<>();
        byKey.forEach((key, name) -> byName.put(name, key));
        return byName;
    }

    @Override
    public String toString() {
        return descriptions.isEmpty() ? "[identity]" : descriptions.toString();
    }
}

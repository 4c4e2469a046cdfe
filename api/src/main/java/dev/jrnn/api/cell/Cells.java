package dev.jrnn.api.cell;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Finds {@link CellProvider}s on the class path by name, through the one table of cell names:
 * every provider's {@link CellProvider#name() name} and {@link CellProvider#aliases() aliases}
 * ({@code rnn} is {@code rnn_tanh}), compared without regard to case. Everything that resolves a
 * cell name (layer builders, the command line, the forecaster) goes through it.
 */
public final class Cells {
    private static final String REGISTER = " (register a CellProvider in META-INF/services/"
            + CellProvider.class.getName() + ")";

    private Cells() {
    }

    /** Every registered provider, sorted by name. */
    public static List<CellProvider> providers() {
        TreeMap<String, CellProvider> byName = new TreeMap<>();
        for (CellProvider p : ServiceLoader.load(CellProvider.class, classLoader())) {
            byName.putIfAbsent(p.name().toLowerCase(Locale.ROOT), p);
        }
        return new ArrayList<>(byName.values());
    }

    /**
     * The table of names: every name and alias (lower case, sorted) to the name of the provider
     * it selects. A provider's name wins over an alias; of two providers claiming one alias, the
     * first by name wins.
     */
    public static Map<String, String> names() {
        List<CellProvider> providers = providers();
        TreeMap<String, String> table = new TreeMap<>();
        for (CellProvider p : providers) {
            table.put(p.name().toLowerCase(Locale.ROOT), p.name());
        }
        for (CellProvider p : providers) {
            for (String alias : p.aliases()) {
                table.putIfAbsent(alias.toLowerCase(Locale.ROOT), p.name());
            }
        }
        return Collections.unmodifiableMap(table);
    }

    /** The provider name that {@code name} selects ({@code rnn} gives {@code rnn_tanh}), if any. */
    public static Optional<String> canonicalName(String name) {
        return Optional.ofNullable(names().get(name.toLowerCase(Locale.ROOT).strip()));
    }

    /** The provider registered under {@code name} or an alias of it (case-insensitive), if any. */
    public static Optional<CellProvider> find(String name) {
        return canonicalName(name).flatMap(canonical -> providers().stream()
                .filter(p -> p.name().equals(canonical)).findFirst());
    }

    /** The provider {@code name} selects, or an {@link IllegalArgumentException} listing the names found. */
    public static CellProvider require(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("no cell named '" + name + "'; found "
                + names().keySet() + REGISTER));
    }

    /**
     * A new cell from the provider {@code name} selects, its options checked against those the
     * provider declares ({@link CellOptions#checkAll}).
     *
     * @throws IllegalArgumentException for an unknown name (listing the names found), or an option
     *                                  the cell does not accept
     */
    public static Cell create(String name, CellConfig config) {
        CellProvider provider = require(name);
        provider.options().checkAll(provider.name(), config.options());
        return provider.create(config);
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Cells.class.getClassLoader();
    }
}

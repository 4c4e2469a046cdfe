package dev.jrnn.api.cell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds {@link CellProvider}s on the class path by name. */
public final class Cells {
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

    /** The provider registered under {@code name} (case-insensitive), if any. */
    public static Optional<CellProvider> find(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        return providers().stream().filter(p -> p.name().toLowerCase(Locale.ROOT).equals(key)).findFirst();
    }

    /** A new cell from the provider named {@code name}, or an exception listing the names found. */
    public static Cell create(String name, CellConfig config) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("no cell named '" + name
                + "'; found " + providers().stream().map(CellProvider::name).toList()
                + " (register a CellProvider in META-INF/services/dev.jrnn.api.cell.CellProvider)"))
                .create(config);
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Cells.class.getClassLoader();
    }
}

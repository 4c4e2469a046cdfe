package dev.jrnn.api.cell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options a cell declares ({@link CellProvider#options()}), against which the options given
 * to a layer are checked before any cell is built: an unknown key or a value the option does not
 * accept is an {@link IllegalArgumentException} naming the cell, the option, the value and what is
 * accepted. A provider that declares nothing ({@link #undeclared()}, the default, as providers
 * written before options were declared) receives every option unchecked and validates in
 * {@link CellProvider#create} itself.
 */
public final class CellOptions {
    private static final CellOptions UNDECLARED = new CellOptions(null);
    private static final CellOptions NONE = new CellOptions(Map.of());

    private final Map<String, CellOption> byKey;

    private CellOptions(Map<String, CellOption> byKey) {
        this.byKey = byKey;
    }

    /** Options not declared: any key and value reach the provider unchecked. */
    public static CellOptions undeclared() {
        return UNDECLARED;
    }

    /** The cell takes no options: any option is an error. */
    public static CellOptions none() {
        return NONE;
    }

    /** The cell takes exactly {@code options}; keys must be distinct. */
    public static CellOptions of(CellOption... options) {
        Map<String, CellOption> byKey = new LinkedHashMap<>();
        for (CellOption o : options) {
            if (byKey.putIfAbsent(o.key(), o) != null) {
                throw new IllegalArgumentException("cell options: key '" + o.key() + "' is declared twice");
            }
        }
        return new CellOptions(byKey);
    }

    /** Whether the cell declared its options (if not, nothing is checked). */
    public boolean declared() {
        return byKey != null;
    }

    /** The declared options, in declaration order (empty when none or undeclared). */
    public List<CellOption> list() {
        return byKey == null ? List.of() : new ArrayList<>(byKey.values());
    }

    /**
     * Checks one option given to cell {@code cell}.
     *
     * @throws IllegalArgumentException for an unknown key or a value the option does not accept,
     *                                  naming the cell, the option, the value and what is accepted
     */
    public void check(String cell, String key, String value) {
        if (byKey == null) {
            return;
        }
        CellOption option = byKey.get(key);
        if (option == null) {
            throw new IllegalArgumentException("cell '" + cell + "': unknown option " + key + "=" + value + "; "
                    + (byKey.isEmpty() ? cell + " takes no options" : cell + " takes " + list()));
        }
        if (!option.accepts(value)) {
            throw new IllegalArgumentException("cell '" + cell + "': option " + key + "=" + value
                    + " is not accepted; " + key + " takes " + option.accepts());
        }
    }

    /** {@link #check} for every entry of {@code options}. */
    public void checkAll(String cell, Map<String, String> options) {
        options.forEach((k, v) -> check(cell, k, v));
    }

    @Override
    public String toString() {
        return byKey == null ? "undeclared" : list().toString();
    }
}

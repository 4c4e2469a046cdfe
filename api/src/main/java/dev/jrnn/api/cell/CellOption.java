package dev.jrnn.api.cell;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One option a cell accepts ({@link CellProvider#options()}): its key, the values it accepts in
 * words, and the test a value must pass.
 *
 * @param key     the option's name, for example {@code nonlinearity}
 * @param accepts the accepted values in words, shown when a value is refused, for example {@code one of [tanh, relu]}
 * @param valid   whether a value is accepted
 */
public record CellOption(String key, String accepts, Predicate<String> valid) {

    public CellOption {
        Objects.requireNonNull(key, "cell option: key");
        Objects.requireNonNull(accepts, "cell option: accepts");
        Objects.requireNonNull(valid, "cell option: valid");
    }

    /** An option whose value is one of {@code values}, compared without regard to case. */
    public static CellOption oneOf(String key, String... values) {
        List<String> allowed = List.of(values);
        return new CellOption(key, "one of " + allowed,
                v -> v != null && allowed.stream().anyMatch(a -> a.equalsIgnoreCase(v.strip())));
    }

    /** An option whose value passes {@code valid}, described to the user as {@code accepts}. */
    public static CellOption matching(String key, String accepts, Predicate<String> valid) {
        return new CellOption(key, accepts, valid);
    }

    /** Whether {@code value} is accepted. */
    public boolean accepts(String value) {
        return valid.test(value);
    }

    @Override
    public String toString() {
        return key.toLowerCase(Locale.ROOT) + " (" + accepts + ")";
    }
}

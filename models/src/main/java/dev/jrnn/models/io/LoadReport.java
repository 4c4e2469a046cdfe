package dev.jrnn.models.io;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a state-dict load matched, as PyTorch's {@code _IncompatibleKeys}: the keys of parameters
 * the file lacked (those kept their values) and the file's keys no parameter maps to (ignored).
 * Both are empty after a strict load, which refuses anything else.
 *
 * @param source         the file
 * @param missingKeys    keys of parameters that the file does not hold, in parameter order
 * @param unexpectedKeys keys in the file that no parameter maps to, in file order
 * @param metadata       the file's {@code __metadata__}
 */
public record LoadReport(Path source, List<String> missingKeys, List<String> unexpectedKeys,
                         Map<String, String> metadata) {

    public LoadReport {
        missingKeys = List.copyOf(missingKeys);
        unexpectedKeys = List.copyOf(unexpectedKeys);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** Whether every parameter was loaded and the file held nothing else. */
    public boolean allKeysMatched() {
        return missingKeys.isEmpty() && unexpectedKeys.isEmpty();
    }

    @Override
    public String toString() {
        return allKeysMatched() ? "<All keys matched successfully>"
                : "missing key(s): " + missingKeys + "; unexpected key(s): " + unexpectedKeys;
    }
}

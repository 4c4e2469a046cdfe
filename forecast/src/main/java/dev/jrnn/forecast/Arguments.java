package dev.jrnn.forecast;

import java.util.List;
import java.util.Objects;

/**
 * Null checks of the public entry points, so that a null argument fails naming itself rather than
 * as a bare {@link NullPointerException} from deep inside.
 */
final class Arguments {
    private Arguments() {
    }

    /**
     * {@code list}, when neither it nor any element is null.
     *
     * @throws NullPointerException naming {@code what}, and the index of the first null element
     */
    static <T> List<T> noNulls(List<T> list, String what) {
        Objects.requireNonNull(list, what);
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                throw new NullPointerException(what + "[" + i + "] is null");
            }
        }
        return list;
    }
}

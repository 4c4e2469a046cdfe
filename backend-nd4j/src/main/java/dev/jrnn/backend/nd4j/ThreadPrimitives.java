package dev.jrnn.backend.nd4j;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * oneDNN primitives kept per calling thread and layout, made on first use (a primitive is not
 * shared between threads; making one costs far more than running it). A thread that holds
 * {@code max} closes them all before making another, so a stream of ever-new sizes cannot hold
 * native memory without bound.
 *
 * @param <K> the layout a primitive is made for
 * @param <V> the kept primitive with its memories
 */
final class ThreadPrimitives<K, V> {
    private final ThreadLocal<Map<K, V>> kept = ThreadLocal.withInitial(HashMap::new);
    private final int max;
    private final Function<K, V> make;
    private final Consumer<V> close;

    ThreadPrimitives(int max, Function<K, V> make, Consumer<V> close) {
        this.max = max;
        this.make = make;
        this.close = close;
    }

    /** The calling thread's primitive for {@code layout}, made now if it has none. */
    V get(K layout) {
        Map<K, V> map = kept.get();
        V entry = map.get(layout);
        if (entry == null) {
            if (map.size() >= max) {
                map.values().forEach(close);
                map.clear();
            }
            entry = make.apply(layout);
            map.put(layout, entry);
        }
        return entry;
    }
}

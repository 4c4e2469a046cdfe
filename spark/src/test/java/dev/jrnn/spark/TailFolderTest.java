package dev.jrnn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

@DisplayName("a task's tails: one per series")
class TailFolderTest {
    private static final TailSpec SPEC = new TailSpec(100, 1);

    /** The drained tails' sizes, keyed by series. */
    private static Map<String, Integer> sizes(TailFolder folder) {
        Map<String, Integer> sizes = new HashMap<>();
        for (Iterator<Tuple2<String, SeriesTail>> it = folder.drain(); it.hasNext(); ) {
            Tuple2<String, SeriesTail> t = it.next();
            sizes.put(t._1(), t._2().size());
        }
        return sizes;
    }

    /** Adds observations t = from..from+n-1 to the current series. */
    private static void add(TailFolder folder, long from, int n) {
        for (int k = 0; k < n; k++) {
            folder.add(from + k, 1.0 + k);
        }
    }

    @Test
    @DisplayName("runs of one series, next to each other or not, share its tail")
    void runsShareTheirSeriesTail() {
        TailFolder folder = new TailFolder(SPEC);
        folder.series(UTF8String.fromString("a"));
        add(folder, 0, 2);
        folder.series(UTF8String.fromString("a"));
        add(folder, 2, 2);
        folder.series(UTF8String.fromString("b"));
        add(folder, 0, 1);
        folder.series(UTF8String.fromString("a"));
        add(folder, 4, 1);
        assertEquals(Map.of("a", 5, "b", 1), sizes(folder));
    }

    @Test
    @DisplayName("ids read as views of a reused buffer are copied: interleaved runs find their own series")
    void idsAreCopied() {
        TailFolder folder = new TailFolder(SPEC);
        byte[] buffer = new byte[2];
        UTF8String view = UTF8String.fromBytes(buffer);
        for (int run = 0; run < 6; run++) {
            buffer[0] = 's';
            buffer[1] = (byte) ('a' + run % 3); // sa, sb, sc, sa, sb, sc
            folder.series(view);
            assertEquals("s" + (char) ('a' + run % 3), folder.current().toString());
            add(folder, 10L * run, 1 + run % 3);
        }
        assertEquals(Map.of("sa", 2, "sb", 4, "sc", 6), sizes(folder));
    }
}

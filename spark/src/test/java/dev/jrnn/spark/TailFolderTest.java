package dev.jrnn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

@DisplayName("a task's tails: one per series")
class TailFolderTest {
    private static final TailSpec SPEC = new TailSpec(100, 1);

    /** The drained tails' sizes, keyed by series. */
    private static Map<String, Integer> sizes(TailFolder folder) {
        return sizes(folder.drain());
    }

    /** The tails' sizes, keyed by series; a series given twice fails. */
    private static Map<String, Integer> sizes(Iterator<Tuple2<String, SeriesTail>> tails) {
        Map<String, Integer> sizes = new HashMap<>();
        while (tails.hasNext()) {
            Tuple2<String, SeriesTail> t = tails.next();
            assertEquals(null, sizes.put(t._1(), t._2().size()), "series " + t._1() + " given twice");
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

    @Test
    @DisplayName("a stretch of one series that fills its tail is sent when the next series starts, the rest when drained")
    void aFilledStretchIsSentEarly() {
        TailFolder folder = new TailFolder(SPEC);
        folder.series(UTF8String.fromString("a"));
        add(folder, 0, 150);
        assertFalse(folder.full(), "the stretch may go on");
        folder.series(UTF8String.fromString("b"));
        add(folder, 0, 40);
        assertTrue(folder.ready() && folder.full() && !folder.overFlush());
        assertEquals(Set.of("a"), sizes(folder.drainReady()).keySet());
        assertFalse(folder.ready());
        folder.series(UTF8String.fromString("c"));
        add(folder, 0, 3);
        assertFalse(folder.ready(), "b's stretch did not fill its tail");
        assertEquals(Map.of("b", 40, "c", 3), sizes(folder));
    }

    @Test
    @DisplayName("a series that comes back after its tail was sent starts a new one; the parts merge to the whole")
    void aSeriesThatComesBackStartsANewTail() {
        TailFolder folder = new TailFolder(SPEC);
        folder.series(UTF8String.fromString("a"));
        add(folder, 0, 120);
        folder.series(UTF8String.fromString("b"));
        add(folder, 0, 5);
        folder.series(UTF8String.fromString("a"));
        add(folder, 120, 30);
        SeriesTail first = folder.drainReady().next()._2();
        Map<String, SeriesTail> rest = new HashMap<>();
        folder.drain().forEachRemaining(t -> rest.put(t._1(), t._2()));
        assertEquals(Map.of("a", 30, "b", 5), Map.of("a", rest.get("a").size(), "b", rest.get("b").size()));

        SeriesTail whole = new SeriesTail(SPEC);
        for (int k = 0; k < 150; k++) {
            whole.add(k, 1.0 + (k < 120 ? k : k - 120));
        }
        SeriesCut merged = first.merge(rest.get("a")).finish("a", TimeKind.INDEX, SPEC);
        SeriesCut expected = whole.finish("a", TimeKind.INDEX, SPEC);
        assertTrue(first.timesCompared());
        assertEquals(expected.facts().length(), merged.facts().length());
        assertEquals(expected.facts().mean(), merged.facts().mean(), 1e-12 * expected.facts().mean());
        assertEquals(expected.facts().std(), merged.facts().std(), 1e-12 * expected.facts().std());
        assertEquals(Arrays.toString(expected.values()), Arrays.toString(merged.values()));
        assertEquals(Arrays.toString(expected.times()), Arrays.toString(merged.times()));
    }

    @Test
    @DisplayName("interleaved rows and tails forecast in place stay in the map until it is drained")
    void interleavedRowsAndWholePartitionsAreNotSentEarly() {
        TailFolder interleaved = new TailFolder(SPEC);
        for (int k = 0; k < 300; k++) {
            interleaved.series(UTF8String.fromString(k % 2 == 0 ? "a" : "b"));
            interleaved.add(k / 2, k);
            assertFalse(interleaved.ready(), "row " + k);
        }
        assertEquals(Set.of("a", "b"), sizes(interleaved).keySet());

        TailFolder inPlace = new TailFolder(SPEC, Long.MAX_VALUE);
        inPlace.series(UTF8String.fromString("a"));
        add(inPlace, 0, 150);
        inPlace.series(UTF8String.fromString("b"));
        add(inPlace, 0, 1);
        assertFalse(inPlace.ready());
        assertEquals(2, sizes(inPlace).size());
    }
}

package dev.jrnn.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a series' tail: bounded, merged in any order, with the facts of the whole series")
class SeriesTailTest {

    /** Observations t = 0..n-1 of value 1 + t, in a shuffled order, split into {@code parts} tails. */
    private static SeriesTail build(TailSpec spec, int n, int parts, long seed) {
        List<Observation> obs = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            obs.add(new Observation(t, 1 + t));
        }
        Collections.shuffle(obs, new Random(seed));
        List<SeriesTail> tails = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            tails.add(new SeriesTail(spec));
        }
        for (int i = 0; i < n; i++) {
            tails.get(i % parts).add(obs.get(i));
        }
        SeriesTail all = tails.get(0);
        for (int p = 1; p < parts; p++) {
            all.merge(roundTrip(tails.get(p)));
        }
        return all;
    }

    private static SeriesTail roundTrip(SeriesTail t) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(t);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (SeriesTail) in.readObject();
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @DisplayName("keeps the last window, plus what aligns the cut to the season, of a series of any length")
    void keepsTheAlignedWindow() {
        TailSpec spec = new TailSpec(10, 7);
        SeriesCut cut = build(spec, 1003, 4, 1).finish("s", TimeKind.INDEX, spec);
        // 1003 - 10 = 993 = 141 * 7 + 6: six more are kept, so that 987 (a multiple of 7) are cut off
        assertEquals(16, cut.length());
        assertEquals(987, cut.times()[0]);
        assertEquals(1002, cut.times()[15]);
        assertEquals(1003, cut.facts().length());
        assertEquals(502, cut.facts().mean(), 1e-9);
        assertEquals(Math.sqrt((1003.0 * 1003 - 1) / 12), cut.facts().std(), 1e-9);
        assertTrue(cut.facts().positive());
    }

    @Test
    @DisplayName("the same cut and facts whatever the order and split of the rows")
    void orderFree() {
        TailSpec spec = new TailSpec(24, 1);
        SeriesCut a = build(spec, 500, 1, 2).finish("s", TimeKind.INDEX, spec);
        SeriesCut b = build(spec, 500, 5, 3).finish("s", TimeKind.INDEX, spec);
        assertArrayEquals(a.times(), b.times());
        assertArrayEquals(a.values(), b.values());
        assertEquals(a.facts().logMean(), b.facts().logMean(), 1e-12);
        assertEquals(a.facts().std(), b.facts().std(), 1e-9);
    }

    @Test
    @DisplayName("a short series is kept whole; the whole series decides positivity")
    void shortAndNotPositive() {
        TailSpec spec = new TailSpec(24, 1);
        SeriesTail tail = build(spec, 5, 2, 4);
        tail.add(new Observation(-10, 0));
        SeriesCut cut = tail.finish("s", TimeKind.INDEX, spec);
        assertEquals(6, cut.length());
        assertFalse(cut.facts().positive());
        assertTrue(Double.isNaN(cut.facts().logMean()));
    }

    @Test
    @DisplayName("a time that repeats within the kept observations fails naming the series")
    void repeatedTime() {
        TailSpec spec = new TailSpec(24, 1);
        SeriesTail tail = build(spec, 300, 3, 5);
        tail.add(new Observation(290, 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tail.finish("meter-7", TimeKind.INDEX, spec));
        assertTrue(e.getMessage().contains("series meter-7 has two observations at index 290"), e.getMessage());
    }

    @Test
    @DisplayName("whole series are kept when asked")
    void whole() {
        SeriesCut cut = build(TailSpec.whole(), 3000, 3, 6).finish("s", TimeKind.INDEX, TailSpec.whole());
        assertEquals(3000, cut.length());
        for (int t = 0; t < 3000; t++) {
            assertEquals(t, cut.times()[t]);
        }
    }
}

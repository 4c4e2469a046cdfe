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

    private record Observation(long time, double value) {
    }

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
            tails.get(i % parts).add(obs.get(i).time(), obs.get(i).value());
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
        tail.add(-10, 0);
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
        tail.add(290, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tail.finish("meter-7", TimeKind.INDEX, spec));
        assertTrue(e.getMessage().contains("series meter-7 has two observations at index 290"), e.getMessage());
    }

    /** Times {@code from} to {@code to - 1} in order, value 1 + t, into a fresh tail sent through Java serialization. */
    private static SeriesTail stretch(TailSpec spec, long from, long to, long... repeats) {
        SeriesTail tail = new SeriesTail(spec);
        for (long t = from; t < to; t++) {
            tail.add(t, 1 + t);
            for (long r : repeats) {
                if (r == t) {
                    tail.add(t, -t);
                }
            }
        }
        return roundTrip(tail);
    }

    @Test
    @DisplayName("a time repeated long before the kept observations fails, in one partition and across two")
    void repeatedTimeOutsideTheCut() {
        TailSpec spec = new TailSpec(24, 1);
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> stretch(spec, 0, 5000, 17).finish("meter-8", TimeKind.INDEX, spec));
        assertTrue(one.getMessage().contains("series meter-8 has two observations at index 17 (values 18.0 and -17.0)"),
                one.getMessage());

        SeriesTail early = stretch(spec, 0, 2000, 1200);
        SeriesTail late = stretch(spec, 2000, 5000);
        SeriesTail merged = late.merge(early);
        assertTrue(merged.timesCompared(), "stretches of time that do not overlap are compared whole");
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
                () -> merged.finish("meter-9", TimeKind.INDEX, spec));
        assertTrue(two.getMessage().contains("series meter-9 has two observations at index 1200"), two.getMessage());
    }

    @Test
    @DisplayName("parts of a series that share a time are caught when both still hold it, and marked otherwise")
    void repeatedAcrossParts() {
        TailSpec spec = new TailSpec(24, 1);
        // both parts hold every observation: the repeat at 30 is found by the merge
        SeriesTail a = stretch(spec, 0, 31);
        SeriesTail b = stretch(spec, 30, 50);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> a.merge(b).finish("meter-10", TimeKind.INDEX, spec));
        assertTrue(e.getMessage().contains("series meter-10 has two observations at index 30"), e.getMessage());

        // the later part dropped its early observations: a repeat there cannot be seen, and the tail says so
        SeriesTail c = stretch(spec, 0, 1001);
        SeriesTail d = stretch(spec, 1000, 3000);
        assertFalse(c.merge(d).timesCompared());

        // rows of parts dealt round robin, each part below the tail's capacity: all compared, no repeat
        SeriesTail dealt = build(spec, 40, 4, 9);
        assertTrue(dealt.timesCompared());
        assertEquals(39, dealt.finish("s", TimeKind.INDEX, spec).times()[23]);
    }

    @Test
    @DisplayName("rows out of time order are compared as long as none arrives among those already dropped")
    void outOfOrder() {
        TailSpec spec = new TailSpec(24, 1);
        SeriesTail tail = new SeriesTail(spec);
        for (long t = 100; t > 0; t--) {
            tail.add(t, t);
        }
        assertTrue(tail.timesCompared(), "each new earliest time is below everything dropped");
        tail.add(50, 1);
        assertFalse(tail.timesCompared(), "50 may repeat a dropped observation");
        SeriesTail repeated = new SeriesTail(spec);
        for (long t : new long[] {5, 3, 9, 3, 7}) {
            repeated.add(t, t);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> repeated.finish("meter-12", TimeKind.INDEX, spec));
        assertTrue(e.getMessage().contains("two observations at index 3"), e.getMessage());
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

    @Test
    @DisplayName("the written form keeps every fact: times out of order, negative and far apart, a repeat, the span")
    void writtenForm() {
        TailSpec spec = new TailSpec(6, 1);
        long[] times = {5, -3, Long.MIN_VALUE / 4, 1L << 52, 7, -3, 0};
        SeriesTail tail = new SeriesTail(spec);
        for (int i = 0; i < times.length; i++) {
            tail.add(times[i], i == 2 ? -4.5 : 1.5 + i);
        }
        SeriesTail copy = roundTrip(tail);
        assertEquals(tail.size(), copy.size());
        assertEquals(tail.timesCompared(), copy.timesCompared());
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                () -> tail.finish("x", TimeKind.INDEX, spec));
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
                () -> copy.finish("x", TimeKind.INDEX, spec));
        assertEquals(a.getMessage(), b.getMessage());
        assertTrue(b.getMessage().contains("index -3") && b.getMessage().contains("values 2.5 and 6.5"), b.getMessage());

        SeriesTail regular = new SeriesTail(spec);
        for (int i = 0; i < 40; i++) {
            regular.add(1_700_000_000_000_000L + 3_600_000_000L * i, i % 3 == 0 ? -1 : 2 + i);
        }
        SeriesCut expected = regular.finish("y", TimeKind.LOCAL_TIMESTAMP, spec);
        SeriesCut actual = roundTrip(regular).finish("y", TimeKind.LOCAL_TIMESTAMP, spec);
        assertArrayEquals(expected.times(), actual.times());
        assertArrayEquals(expected.values(), actual.values());
        assertEquals(expected.facts(), actual.facts());
        // a merge after the round trip still knows the span and what is held: the first observations are gone
        SeriesTail early = new SeriesTail(spec).add(1_700_000_000_000_000L, 9);
        assertFalse(roundTrip(regular).merge(early).timesCompared());
    }

    /** The written form of a tail: every fact it holds (the span, the held-from time, the flags, the observations). */
    static byte[] written(SeriesTail t) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(t);
            }
            return bytes.toByteArray();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @DisplayName("observations added a run at a time write the tail as one by one does: trims, spans, repeats, order")
    void runsEqualOneByOne() {
        Random random = new Random(11);
        for (TailSpec spec : List.of(new TailSpec(24, 1, false), new TailSpec(30, 7), TailSpec.whole())) {
            for (int trial = 0; trial < 40; trial++) {
                SeriesTail single = new SeriesTail(spec);
                SeriesTail runs = new SeriesTail(spec);
                long time = random.nextInt(50);
                int observations = 1 + random.nextInt(400);
                for (int done = 0; done < observations; ) {
                    int n = Math.min(observations - done, 1 + random.nextInt(trial % 2 == 0 ? 200 : 9));
                    long[] times = new long[n + 3];
                    double[] values = new double[n + 3];
                    for (int k = 0; k < n; k++) {
                        // mostly ascending; now and then a step back or a repeat
                        int r = random.nextInt(100);
                        time += r < 3 ? -random.nextInt(40) : r < 4 ? 0 : 1 + random.nextInt(2);
                        times[k] = time;
                        values[k] = random.nextGaussian() + (trial % 3 == 0 ? 0 : 5);
                        single.add(times[k], values[k]);
                    }
                    runs.add(times, values, n);
                    done += n;
                }
                // a first run in order holds only the capacity: fewer observations held, never more compared
                assertTrue(single.timesCompared() || !runs.timesCompared(), "trial " + trial + " of " + spec);
                assertArrayEquals(written(single), written(runs), "trial " + trial + " of " + spec);
            }
        }
    }

    @Test
    @DisplayName("a first run in time order holds only the latest capacity, with the facts of all of it")
    void firstRunInOrder() {
        TailSpec spec = new TailSpec(30, 7);
        int n = 250;
        long[] times = new long[n];
        double[] values = new double[n];
        SeriesTail single = new SeriesTail(spec);
        for (int k = 0; k < n; k++) {
            times[k] = 1000 + 3L * k;
            values[k] = k % 5 == 0 ? -1.5 : 2 + Math.sin(k);
            single.add(times[k], values[k]);
        }
        SeriesTail run = new SeriesTail(spec).add(times, values, n);
        assertEquals(spec.capacity(), run.size());
        assertTrue(single.size() > run.size(), "one by one holds up to twice the capacity");
        assertArrayEquals(written(single), written(run));
        SeriesCut a = single.finish("s", TimeKind.INDEX, spec);
        SeriesCut b = run.finish("s", TimeKind.INDEX, spec);
        assertArrayEquals(a.times(), b.times());
        assertArrayEquals(a.values(), b.values());
        assertEquals(a.facts(), b.facts());
        // the next run continues the tail; a time among those dropped is no longer compared
        run.add(new long[] {times[n - 1] + 3}, new double[] {4}, 1);
        assertTrue(run.timesCompared());
        run.add(times[10], 4);
        assertFalse(run.timesCompared());
        // a first run with a step back takes the one-by-one path and finds the repeat
        SeriesTail repeated = new SeriesTail(spec).add(new long[] {1, 2, 2, 3}, new double[] {1, 2, 3, 4}, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> repeated.finish("meter-7", TimeKind.INDEX, spec));
        assertTrue(e.getMessage().contains("meter-7") && e.getMessage().contains("index 2"), e.getMessage());
    }

    /** Fills {@code plain} and {@code sent} alike with runs of observations: on a regular clock or not, in order or not. */
    private static void fillAlike(SeriesTail plain, SeriesTail sent, Random random, int trial) {
        long time = random.nextInt(1000) - 500;
        long step = 1 + random.nextInt(3);
        int runs = trial % 4 == 0 ? 3 : 1;
        for (int r = 0; r < runs; r++) {
            int n = 1 + random.nextInt(trial % 3 == 0 ? 5 : 300);
            long[] times = new long[n];
            double[] values = new double[n];
            for (int k = 0; k < n; k++) {
                time += trial % 5 == 1 && random.nextInt(20) == 0 ? -random.nextInt(30) : trial % 5 == 2 ? 1 + random.nextInt(3) : step;
                times[k] = time;
                values[k] = random.nextGaussian() * 10 + (trial % 2 == 0 ? 50 : 0);
            }
            plain.add(times, values, n);
            sent.add(times, values, n);
        }
    }

    private static void assertSameCut(SeriesTail expected, SeriesTail actual, TailSpec spec, int holdout, String what) {
        SeriesCut a;
        try {
            a = expected.finish("s", TimeKind.INDEX, spec, holdout);
        } catch (IllegalArgumentException repeat) {
            assertEquals(repeat.getMessage(), assertThrows(IllegalArgumentException.class,
                    () -> actual.finish("s", TimeKind.INDEX, spec, holdout)).getMessage(), what);
            return;
        }
        SeriesCut b = actual.finish("s", TimeKind.INDEX, spec, holdout);
        assertArrayEquals(a.times(), b.times(), what);
        assertArrayEquals(a.values(), b.values(), what);
        assertArrayEquals(a.held(), b.held(), what);
        assertEquals(a.facts(), b.facts(), what);
    }

    @Test
    @DisplayName("a tail kept in its written form (sent by a map side, read from the shuffle) writes, merges and cuts as one in arrays")
    void writtenFormEqualsArrays() {
        Random random = new Random(29);
        for (TailSpec spec : List.of(new TailSpec(24, 1, false), new TailSpec(30, 7), TailSpec.whole())) {
            for (int trial = 0; trial < 60; trial++) {
                String what = "trial " + trial + " of " + spec;
                SeriesTail plain = new SeriesTail(spec);
                SeriesTail sent = new SeriesTail(spec, true);
                fillAlike(plain, sent, random, trial);
                assertArrayEquals(written(plain), written(sent), what);
                assertArrayEquals(written(plain), written(roundTrip(sent)), what);
                for (int holdout : spec.bounded() ? new int[] {0} : new int[] {0, 3}) { // a bounded tail holds no held-out part
                    assertSameCut(roundTrip(plain), roundTrip(sent), spec, holdout, what + ", holdout " + holdout);
                }
                // another part of the series, merged into a tail read back, and a tail read back merged into it
                SeriesTail otherPlain = new SeriesTail(spec);
                SeriesTail otherSent = new SeriesTail(spec, true);
                fillAlike(otherPlain, otherSent, random, trial + 1);
                byte[] merged = written(roundTrip(plain).merge(roundTrip(otherPlain)));
                assertArrayEquals(merged, written(roundTrip(sent).merge(roundTrip(otherSent))), what);
                assertArrayEquals(merged, written(sent.merge(roundTrip(otherSent))), what);
            }
        }
    }
}

package dev.jrnn.models.layer;

/**
 * A seeded generator whose state can be saved and restored, for the draws a checkpoint must
 * resume exactly (dropout masks). SplitMix64 (Steele, Lea and Flood, 2014): from a seed it gives the
 * very sequence of {@link java.util.SplittableRandom#nextDouble()}, and its whole state is one
 * {@code long}. Thread-safe: draws are serialised.
 */
public final class SeededRandom {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private long state;

    /** The generator of {@code new SplittableRandom(seed)}. */
    public SeededRandom(long seed) {
        this.state = seed;
    }

    /** The next value, uniform in [0, 1): {@code (mix64(state += gamma) >>> 11) * 2^-53}. */
    public synchronized double nextDouble() {
        state += GOLDEN_GAMMA;
        return (mix64(state) >>> 11) * 0x1.0p-53;
    }

    /** The state, for a checkpoint. */
    public synchronized long state() {
        return state;
    }

    /** Continues from a saved {@link #state()}: the next draws are those that followed it. */
    public synchronized void restore(long saved) {
        this.state = saved;
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return "SeededRandom(state=" + state() + ")";
    }
}

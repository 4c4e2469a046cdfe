package dev.jrnn.spark;

import java.io.Serializable;
import java.nio.ByteBuffer;

/**
 * Count, mean and sum of squared deviations of a stream of numbers, merged pairwise (Chan, Golub and
 * LeVeque): {@code n = na + nb}, {@code d = mb - ma}, {@code mean = ma + d nb / n},
 * {@code m2 = m2a + m2b + d^2 na nb / n}; the standard deviation is {@code sqrt(m2 / n)}.
 */
final class Moments implements Serializable {
    private static final long serialVersionUID = 1L;
    private long n;
    private double mean;
    private double m2;

    void add(double x) {
        n++;
        double d = x - mean;
        mean += d / n;
        m2 += d * (x - mean);
    }

    /** Takes back one {@link #add}ed value: {@code mean' = (n mean - x) / (n - 1)}, {@code m2' = m2 - (x - mean')(x - mean)}. */
    void remove(double x) {
        if (n <= 1) {
            n = 0;
            mean = 0;
            m2 = 0;
            return;
        }
        double before = mean;
        mean = (n * mean - x) / (n - 1);
        m2 = Math.max(0, m2 - (x - mean) * (x - before));
        n--;
    }

    void merge(Moments o) {
        if (o.n == 0) {
            return;
        }
        if (n == 0) {
            n = o.n;
            mean = o.mean;
            m2 = o.m2;
            return;
        }
        long total = n + o.n;
        double d = o.mean - mean;
        mean += d * o.n / total;
        m2 += o.m2 + d * d * ((double) n * o.n / total);
        n = total;
    }

    long count() {
        return n;
    }

    double mean() {
        return mean;
    }

    /** The population standard deviation, {@code sqrt(m2 / n)}. */
    double std() {
        return n == 0 ? 0 : Math.sqrt(Math.max(0, m2) / n);
    }

    /** Writes the count, the mean and the sum of squared deviations (24 bytes). */
    void write(ByteBuffer b) {
        b.putLong(n).putDouble(mean).putDouble(m2);
    }

    /** The moments {@link #write} wrote. */
    static Moments read(ByteBuffer b) {
        Moments m = new Moments();
        m.n = b.getLong();
        m.mean = b.getDouble();
        m.m2 = b.getDouble();
        return m;
    }
}

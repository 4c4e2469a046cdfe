package dev.jrnn.spark;

import java.io.Serializable;

/**
 * One observation of a series.
 *
 * @param time  its time as {@link TimeKind#key}: microseconds of local time, or an index
 * @param value its value, finite
 */
record Observation(long time, double value) implements Serializable {
}

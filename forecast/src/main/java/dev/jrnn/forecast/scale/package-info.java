/**
 * Scaling a series for the network and back, decided per series ({@code SeriesScaling}), and the
 * encoding of windows into network inputs and targets.
 */
package dev.jrnn.forecast.scale;

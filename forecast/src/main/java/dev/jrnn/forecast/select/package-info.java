/**
 * Choosing how to forecast: seed and snapshot ensembles, the candidates for a series of any
 * frequency, rolling-origin model selection, the automatic forecaster and the global one.
 */
package dev.jrnn.forecast.select;

/**
 * Series in and out: {@code TimeSeries}, time steps and frequencies, calendar covariates, the CSV
 * readers (with their report of what was filled) and writers, and the bundled classic series.
 */
package dev.jrnn.forecast.data;

/**
 * The {@code jrnn} command: forecasting a series (with a chart), the M4 Hourly task, rolling-origin
 * backtests and the backend diagnostics, built on picocli.
 */
package dev.jrnn.examples;

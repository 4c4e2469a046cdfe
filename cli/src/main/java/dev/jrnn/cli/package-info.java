/**
 * The {@code jrnn} command: parses options, calls {@code jrnn-forecast}, prints, writes and charts;
 * it holds no forecasting rule of its own.
 */
package dev.jrnn.cli;

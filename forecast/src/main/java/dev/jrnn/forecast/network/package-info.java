/**
 * The forecasting network: a recurrent layer and a linear head (point, Gaussian or quantile),
 * run over windows, and the decoding of its outputs into forecasts and intervals.
 */
package dev.jrnn.forecast.network;

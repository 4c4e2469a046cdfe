/**
 * Forecasting with recurrent networks, as a product: a {@code ForecastModel} is what model selection
 * chose among networks and classical methods, fitted, saved and loaded as one file; a
 * {@code Forecaster} is one trained network (global over many series, direct or recursive,
 * with prediction intervals and streaming updates). The sub-packages follow the flow: data, scale,
 * network, train, eval, select, io.
 */
package dev.jrnn.forecast;

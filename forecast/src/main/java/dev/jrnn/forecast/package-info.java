/**
 * Forecasting with recurrent networks: one global model trained on many series, per-series
 * scaling, direct or recursive multi-step output with prediction intervals, calendar covariates,
 * accuracy metrics (MAE, RMSE, sMAPE, MASE, OWA), classical baselines, rolling-origin backtests,
 * a single-file format and streaming updates that carry the recurrent state.
 */
package dev.jrnn.forecast;

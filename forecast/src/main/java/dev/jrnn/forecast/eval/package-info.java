/**
 * Accuracy measures (MAE, RMSE, sMAPE, MASE, OWA, with reasons when undefined), the classical
 * methods (naive, seasonal naive, Naive2, Theta, damped Holt-Winters, ETS chosen by AICc, STL) and
 * rolling-origin backtests.
 */
package dev.jrnn.forecast.eval;

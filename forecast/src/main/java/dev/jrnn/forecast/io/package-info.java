/**
 * The files: one forecaster ({@code ForecasterFile}) and a whole chosen model with its history
 * ({@code ForecastModelFile}), both safetensors written atomically.
 */
package dev.jrnn.forecast.io;

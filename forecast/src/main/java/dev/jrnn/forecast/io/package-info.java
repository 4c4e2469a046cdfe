/**
 * The files: one forecaster ({@code ForecasterFile}) and a whole chosen model with its history
 * ({@code ForecastModelFile}), both safetensors written atomically.
 *
 * <p>Loading follows the contract of {@code dev.jrnn.models.io}: any file that cannot be loaded
 * gives a {@code SafetensorsException} naming the file and the key or tensor. On top of the
 * safetensors checks, before any network is built: the {@code format} and {@code format_version}
 * (a version newer than this jrnn reads is refused as such); every metadata value parsed strictly
 * ({@link dev.jrnn.forecast.io.MetadataReader}: integers without '+' or leading zeros and within
 * range, finite numbers, booleans {@code true}/{@code false} only, exact enum names, scalers as
 * {@code level,scale} with a positive scale); sizes within limits (hidden at most
 * {@value dev.jrnn.forecast.io.ForecasterFile#MAX_HIDDEN}, layers
 * {@value dev.jrnn.forecast.io.ForecasterFile#MAX_LAYERS}, input length
 * {@value dev.jrnn.forecast.io.ForecasterFile#MAX_INPUT_LENGTH}, horizon
 * {@value dev.jrnn.forecast.io.ForecasterFile#MAX_HORIZON}, season
 * {@value dev.jrnn.forecast.io.ForecasterFile#MAX_SEASON}, quantiles
 * {@value dev.jrnn.forecast.io.ForecasterFile#MAX_QUANTILES}, members
 * {@value dev.jrnn.forecast.io.ForecastModelFile#MAX_MEMBERS}, networks per member
 * {@value dev.jrnn.forecast.io.ForecastModelFile#MAX_NETWORKS}, histories at most the tensors); and
 * the metadata against the tensors' shapes (the head is {@code [outputs, hidden]}, every declared
 * layer has tensors, the first layer reads the step size plus the calendar covariates, the
 * {@code mlp} network's dense layers are {@code [hidden, steps x that]} and {@code [hidden, hidden]}), so a file
 * cannot make the loader allocate more than its tensors hold. Weights must be finite, stored
 * histories finite, their times whole seconds.
 */
package dev.jrnn.forecast.io;

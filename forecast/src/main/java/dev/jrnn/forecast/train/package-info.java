/**
 * Training a forecaster, as a configuration of the models' {@link dev.jrnn.models.train.Trainer}:
 * windows drawn from the series every epoch, the head's loss, and the listener of progress bars
 * and snapshot ensembles.
 */
package dev.jrnn.forecast.train;

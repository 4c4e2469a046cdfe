/**
 * Classification metrics: {@link dev.jrnn.models.metrics.Accuracy} of logits against class
 * indices, and the {@link dev.jrnn.models.metrics.ConfusionMatrix} with per-class precision,
 * recall and F1. {@link dev.jrnn.models.metrics.Classification#evaluate} runs a trained
 * {@link dev.jrnn.models.train.Model} over {@link dev.jrnn.models.train.Samples} without recording
 * a graph and fills a matrix; call it after training or from a
 * {@link dev.jrnn.models.train.TrainingListener}'s {@code onEpoch}.
 */
package dev.jrnn.models.metrics;

/**
 * Differentiable losses written on {@link dev.jrnn.api.autograd.Ops}, their gradients taken by
 * autograd: PyTorch's MSE, MAE, Huber and Gaussian negative log-likelihood with its definitions and
 * default mean reduction, its {@code CrossEntropyLoss} on logits (class weights, ignore index,
 * label smoothing), and the heads' losses of a forecaster (pinball, softplus-scale Gaussian).
 * Each gives its per-position {@link dev.jrnn.models.loss.Loss#terms}, so that masks (padded steps)
 * and sample weights apply to any of them: {@link dev.jrnn.models.loss.Loss#weighted}, the weighted
 * mean {@code sum(w l) / sum(w)} or sum {@code sum(w l)}; cross-entropy keeps its class-weighted
 * mean, {@code sum(m l) / sum(m w_y)}, which is PyTorch's with {@code ignore_index} on the padding.
 */
package dev.jrnn.models.loss;

/**
 * Differentiable losses written on {@link dev.jrnn.api.autograd.Ops}, their gradients taken by
 * autograd: PyTorch's MSE, MAE, Huber and Gaussian negative log-likelihood with its definitions and
 * default mean reduction, its {@code CrossEntropyLoss} on logits (class weights, ignore index,
 * label smoothing), and the heads' losses of a forecaster (pinball, softplus-scale Gaussian).
 */
package dev.jrnn.models.loss;

/**
 * Differentiable losses written on {@link dev.jrnn.api.autograd.Ops} with PyTorch's definitions and
 * its default mean reduction: MSE, MAE, Huber and Gaussian negative log-likelihood.
 */
package dev.jrnn.models.loss;

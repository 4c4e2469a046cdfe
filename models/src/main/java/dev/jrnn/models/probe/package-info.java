/**
 * Diagnostics of training dynamics: the gradient-flow probe measures how much of dL/dh reaches each
 * step of a sequence, which shows vanishing and exploding gradients.
 */
package dev.jrnn.models.probe;

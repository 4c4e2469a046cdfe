/**
 * Optimizers with PyTorch's update formulas (SGD with momentum and Nesterov, Adam, AdamW), gradient
 * clipping by global norm and learning-rate schedules. Optimizer state lives in backend tensors and
 * is updated with backend ops.
 */
package dev.jrnn.models.optim;

/**
 * Optimizers with PyTorch's update formulas (SGD with momentum and Nesterov, Adam, AdamW), gradient
 * clipping by global norm and learning-rate schedules (step decay, cosine, warm-up, one-cycle, and
 * the stateful {@link dev.jrnn.models.optim.ReduceLrOnPlateau}). Optimizer state lives in backend
 * tensors and is updated with backend ops; {@link dev.jrnn.models.optim.Optimizer#state()} exports it
 * and {@link dev.jrnn.models.optim.Optimizer#loadState} restores it, as PyTorch's {@code state_dict}.
 */
package dev.jrnn.models.optim;

/**
 * jrnn's NVIDIA GPU backend: JCuda's driver API (it needs only the NVIDIA driver) running the
 * backend's own PTX kernels, with a caching device allocator and fused whole-sequence recurrences.
 */
package dev.jrnn.backend.cuda;

/**
 * Safetensors reading and writing (PyTorch's tensor names and layout), with atomic writes and
 * loading errors that name the file, the tensor and what was expected.
 */
package dev.jrnn.models.io;

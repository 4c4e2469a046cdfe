/**
 * An example third-party jrnn backend written from scratch: its own tensors on
 * {@link dev.jrnn.api.AbstractTensor}, only the primitive ops, every argument validated with
 * {@link dev.jrnn.api.backend.Checks}, found by {@link dev.jrnn.api.backend.Backends} under the name
 * {@code arrays}.
 */
package com.example.jrnn.arrays;

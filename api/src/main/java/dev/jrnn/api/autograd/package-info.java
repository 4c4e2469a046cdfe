/**
 * Define-by-run reverse-mode differentiation over {@link dev.jrnn.api.backend.Backend} ops:
 * {@link dev.jrnn.api.autograd.Variable}s record the {@link dev.jrnn.api.autograd.Ops} that made
 * them, and {@link dev.jrnn.api.autograd.Autograd#backward} walks that graph in reverse.
 */
package dev.jrnn.api.autograd;

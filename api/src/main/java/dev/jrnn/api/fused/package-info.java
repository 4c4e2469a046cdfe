/**
 * Fused recurrent kernels' and optimizer updates' results and the composed reference definitions that a backend may
 * replace with faster code; the conformance kit checks every replacement against them.
 */
package dev.jrnn.api.fused;

/**
 * The backend conformance kit: {@link dev.jrnn.conformance.BackendCompatibilityKit}, an abstract
 * JUnit 5 class that a backend's tests subclass to check every op, fused kernel, validation rule and
 * memory guarantee against the reference backend, in both dtypes.
 */
package dev.jrnn.conformance;

/**
 * The backend conformance kit: {@link dev.jrnn.conformance.BackendCompatibilityKit}, an abstract
 * JUnit 5 class that a backend's tests subclass to check every op, fused kernel, edge value,
 * ownership rule, validation rule, memory guarantee, thread-safety promise and its provider against
 * the reference backend, in each dtype it supports. Each family of checks
 * ({@link dev.jrnn.conformance.OpFamily}) is an interface of default test methods; a backend opts
 * out of one with a reason, and its tests are reported as skipped.
 */
package dev.jrnn.conformance;

/**
 * The backend SPI: the {@link dev.jrnn.api.backend.Backend} ops, the
 * {@link dev.jrnn.api.backend.BackendProvider} service and {@link dev.jrnn.api.backend.Backends}, which
 * discovers and selects one.
 */
package dev.jrnn.api.backend;

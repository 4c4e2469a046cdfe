/**
 * Guice integration: {@link dev.jrnn.models.guice.JrnnModule} binds the selected
 * {@link dev.jrnn.api.backend.Backend}, the default dtype, a set of extra cell providers and the
 * {@link dev.jrnn.models.guice.LayerFactory} that builds ready layers.
 */
package dev.jrnn.models.guice;

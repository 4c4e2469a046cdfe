/**
 * The cell compatibility kit: {@link dev.jrnn.conformance.cell.CellCompatibilityKit}, which a
 * recurrent cell's tests subclass to check its gradients, names, state, batching, dtypes and its
 * behaviour inside stacked, bidirectional, packed and streaming layers.
 */
package dev.jrnn.conformance.cell;

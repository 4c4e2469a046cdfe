/**
 * Recurrent cells written on the differentiable {@link dev.jrnn.api.autograd.Ops}: the
 * {@link dev.jrnn.api.cell.Cell} interface, its state, and the {@link dev.jrnn.api.cell.CellProvider}
 * service through which {@link dev.jrnn.api.cell.Cells} finds a cell by name or alias (one table of
 * names, {@link dev.jrnn.api.cell.Cells#names()}), and the options a cell declares
 * ({@link dev.jrnn.api.cell.CellOptions}), checked before it is built.
 */
package dev.jrnn.api.cell;

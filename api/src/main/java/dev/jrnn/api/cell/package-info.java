/**
 * Recurrent cells written on the differentiable {@link dev.jrnn.api.autograd.Ops}: the
 * {@link dev.jrnn.api.cell.Cell} interface, its state, and the {@link dev.jrnn.api.cell.CellProvider}
 * service through which {@link dev.jrnn.api.cell.Cells} finds a cell by name.
 */
package dev.jrnn.api.cell;

/**
 * PyTorch's recurrent cells ({@link dev.jrnn.models.cell.RnnCell}, {@link dev.jrnn.models.cell.LstmCell},
 * {@link dev.jrnn.models.cell.GruCell}, and {@link dev.jrnn.models.cell.ProjectedLstmCell}, the LSTM
 * with {@code proj_size}) on the differentiable ops, with PyTorch's gate order, parameter names and
 * initialisation, and their {@link dev.jrnn.api.cell.CellProvider}s.
 */
package dev.jrnn.models.cell;

/**
 * An example third-party recurrent cell: the minimal gated unit, written only against jrnn-api's
 * {@link dev.jrnn.api.cell.Cell} and found by name ({@code mgu}) through the
 * {@link dev.jrnn.api.cell.CellProvider} service.
 */
package com.example.jrnn.mgu;

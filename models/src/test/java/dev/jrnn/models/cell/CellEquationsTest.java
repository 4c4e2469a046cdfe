package dev.jrnn.models.cell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.cell.CellConfig;
import dev.jrnn.api.cell.CellProvider;
import dev.jrnn.api.cell.CellState;
import dev.jrnn.api.cell.Cells;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.GruStep;
import dev.jrnn.api.fused.LstmStep;
import dev.jrnn.api.reference.ReferenceBackend;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the built-in cells")
class CellEquationsTest {
    private final Backend be = new ReferenceBackend();
    private final CellConfig config = CellConfig.of(be, DType.FLOAT64, 3, 4, 17L);

    private Tensor random(Shape shape, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] d = new double[shape.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextDouble(-1, 1);
        }
        return be.fromArray(d, shape, DType.FLOAT64);
    }

    private Tensor projection(FusedCell cell, Tensor x) {
        return be.linear(x, cell.weightIh().value(), cell.biasIh().value());
    }

    @Test
    @DisplayName("lstm step follows PyTorch's equations as the backend's lstmStep computes them")
    void lstmStep() {
        LstmCell cell = new LstmCell(config);
        Tensor x = random(Shape.of(2, 3), 1);
        Tensor h = random(Shape.of(2, 4), 2);
        Tensor c = random(Shape.of(2, 4), 3);
        CellState next = cell.step(Variable.constant(x), CellState.of(Variable.constant(h), Variable.constant(c)));
        LstmStep expected = be.lstmStep(projection(cell, x), h, c, cell.weightHh().value(), cell.biasHh().value());
        assertArrayEquals(expected.h().toDoubleArray(), next.h().value().toDoubleArray(), 1e-14);
        assertArrayEquals(expected.c().toDoubleArray(), next.get(1).value().toDoubleArray(), 1e-14);
    }

    @Test
    @DisplayName("gru step follows PyTorch's equations as the backend's gruStep computes them")
    void gruStep() {
        GruCell cell = new GruCell(config);
        Tensor x = random(Shape.of(2, 3), 4);
        Tensor h = random(Shape.of(2, 4), 5);
        CellState next = cell.step(Variable.constant(x), CellState.of(Variable.constant(h)));
        GruStep expected = be.gruStep(projection(cell, x), h, cell.weightHh().value(), cell.biasHh().value());
        assertArrayEquals(expected.h().toDoubleArray(), next.h().value().toDoubleArray(), 1e-14);
    }

    @Test
    @DisplayName("rnn steps with tanh and relu follow the backend's rnnStep")
    void rnnStep() {
        for (CellKind kind : List.of(CellKind.RNN_TANH, CellKind.RNN_RELU)) {
            RnnCell cell = new RnnCell(kind, config);
            Tensor x = random(Shape.of(2, 3), 6);
            Tensor h = random(Shape.of(2, 4), 7);
            CellState next = cell.step(Variable.constant(x), CellState.of(Variable.constant(h)));
            Tensor expected = be.rnnStep(kind, projection(cell, x), h, cell.weightHh().value(), cell.biasHh().value());
            assertArrayEquals(expected.toDoubleArray(), next.h().value().toDoubleArray(), 1e-14, kind.name());
        }
    }

    @Test
    @DisplayName("have PyTorch's parameter names, shapes and U(-1/sqrt(H), 1/sqrt(H)) initialisation")
    void namesShapesInit() {
        CellConfig suffixed = new CellConfig(be, DType.FLOAT64, 3, 4, true, "_l1_reverse", 17L, java.util.Map.of());
        List<Parameter> params = new GruCell(suffixed).parameters();
        assertEquals(List.of("weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse"),
                params.stream().map(Parameter::name).toList());
        assertEquals(List.of(Shape.of(12, 3), Shape.of(12, 4), Shape.of(12), Shape.of(12)),
                params.stream().map(Parameter::shape).toList());
        double bound = 1.0 / Math.sqrt(4);
        double largest = 0;
        for (Parameter p : params) {
            for (double v : p.value().toDoubleArray()) {
                largest = Math.max(largest, Math.abs(v));
            }
        }
        assertTrue(largest <= bound && largest > 0.8 * bound, "largest |w| " + largest + " for bound " + bound);
    }

    @Test
    @DisplayName("draw the same weights from the same seed in float32 and float64 and other weights from another seed")
    void seeded() {
        double[] a = new LstmCell(config).weightHh().value().toDoubleArray();
        double[] b = new LstmCell(config).weightHh().value().toDoubleArray();
        CellConfig f32 = new CellConfig(be, DType.FLOAT32, 3, 4, true, "", 17L, java.util.Map.of());
        double[] c = new LstmCell(f32).weightHh().value().toDoubleArray();
        double[] d = new LstmCell(CellConfig.of(be, DType.FLOAT64, 3, 4, 18L)).weightHh().value().toDoubleArray();
        assertArrayEquals(a, b, 0.0);
        assertArrayEquals(a, c, 1e-7);
        assertTrue(a[0] != d[0]);
    }

    @Test
    @DisplayName("are registered as rnn_tanh, rnn_relu, lstm and gru")
    void registered() {
        List<String> names = Cells.providers().stream().map(CellProvider::name).toList();
        assertTrue(names.containsAll(List.of("rnn_tanh", "rnn_relu", "lstm", "gru")), names.toString());
        assertEquals(CellKind.RNN_RELU, ((FusedCell) Cells.create("rnn_relu", config)).kind());
        assertEquals(2, Cells.create("LSTM", config).stateCount());
    }

    @Test
    @DisplayName("reject an input of the wrong width, naming the expected shape")
    void badInput() {
        LstmCell cell = new LstmCell(config);
        Variable x = Variable.constant(random(Shape.of(2, 5), 8));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cell.step(x, cell.initialState(2)));
        assertTrue(e.getMessage().contains("[2, 5]") && e.getMessage().contains("[B, 3]"), e.getMessage());
    }
}

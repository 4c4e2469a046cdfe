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
import dev.jrnn.api.cell.CellState;
import dev.jrnn.api.cell.Cells;
import dev.jrnn.api.fused.LstmStep;
import dev.jrnn.api.reference.ReferenceBackend;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the LSTM cell with projections")
class ProjectedLstmCellTest {
    private final Backend be = new ReferenceBackend();
    private final CellConfig config = new CellConfig(be, DType.FLOAT64, 3, 4, true, "_l0", 17L,
            Map.of(ProjectedLstmCell.PROJ_SIZE, "2"));

    private Tensor random(Shape shape, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] d = new double[shape.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextDouble(-1, 1);
        }
        return be.fromArray(d, shape, DType.FLOAT64);
    }

    @Test
    @DisplayName("steps as the backend's lstmStep on z = x W_ih^T + b_ih + h W_hh^T + b_hh, then W_hr: "
            + "h' = W_hr (o tanh(c'))")
    void stepFollowsTheEquations() {
        ProjectedLstmCell cell = (ProjectedLstmCell) Cells.create("lstm", config);
        Tensor x = random(Shape.of(2, 3), 1);
        Tensor h = random(Shape.of(2, 2), 2);
        Tensor c = random(Shape.of(2, 4), 3);
        CellState next = cell.step(Variable.constant(x), CellState.of(Variable.constant(h), Variable.constant(c)));
        // the kernel feeds back an h of H features: give it the projected h's share of z as input
        Tensor z = be.add(be.linear(x, cell.weightIh().value(), cell.biasIh().value()),
                be.linear(h, cell.weightHh().value(), null));
        LstmStep plain = be.lstmStep(z, be.zeros(Shape.of(2, 4), DType.FLOAT64), c,
                be.zeros(Shape.of(16, 4), DType.FLOAT64), cell.biasHh().value());
        Tensor projected = be.linear(plain.h(), cell.weightHr().value(), null);
        assertEquals(Shape.of(2, 2), next.h().shape());
        assertArrayEquals(projected.toDoubleArray(), next.h().value().toDoubleArray(), 1e-14);
        assertArrayEquals(plain.c().toDoubleArray(), next.get(1).value().toDoubleArray(), 1e-14);
        assertEquals(2, cell.stateSize(0));
        assertEquals(4, cell.stateSize(1));
        assertEquals(List.of(Shape.of(2, 2), Shape.of(2, 4)),
                cell.initialState(2).parts().stream().map(Variable::shape).toList());
    }

    @Test
    @DisplayName("has PyTorch's names and shapes and is what the lstm provider builds for proj_size > 0 only")
    void namesAndProvider() {
        ProjectedLstmCell cell = new ProjectedLstmCell(config, 2);
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_hr_l0"),
                cell.parameters().stream().map(Parameter::name).toList());
        assertEquals(List.of(Shape.of(16, 3), Shape.of(16, 2), Shape.of(16), Shape.of(16), Shape.of(2, 4)),
                cell.parameters().stream().map(Parameter::shape).toList());
        assertEquals("ProjectedLstmCell(3, 4, proj_size=2, bias=true)", cell.toString());
        CellConfig none = new CellConfig(be, DType.FLOAT64, 3, 4, true, "", 17L, Map.of(ProjectedLstmCell.PROJ_SIZE, "0"));
        assertTrue(Cells.create("lstm", none) instanceof LstmCell);
    }

    @Test
    @DisplayName("refuses states of the wrong width, naming the state and both shapes")
    void badState() {
        ProjectedLstmCell cell = new ProjectedLstmCell(config, 2);
        Variable x = Variable.constant(random(Shape.of(2, 3), 4));
        Variable wideH = Variable.constant(random(Shape.of(2, 4), 5));
        Variable c = Variable.constant(random(Shape.of(2, 4), 6));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cell.step(x, CellState.of(wideH, c)));
        assertTrue(e.getMessage().contains("state h has shape [2, 4], expected [2, 2]"), e.getMessage());
    }
}

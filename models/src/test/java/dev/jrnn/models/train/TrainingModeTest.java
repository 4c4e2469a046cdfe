package dev.jrnn.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.optim.Adam;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A model starts in training mode, as PyTorch's; fit leaves it in evaluation mode, ready to serve. */
class TrainingModeTest {
    private final Backend be = new ReferenceBackend();
    private final double[] x = {0.1, -0.4, 0.9, 0.3, -0.2, 0.5, 0.7, -0.8};

    private SequenceRegressor model() {
        RecurrentLayer lstm = RecurrentLayer.builder("lstm").backend(be).dtype(DType.FLOAT64).inputSize(1)
                .hiddenSize(8).numLayers(2).dropout(0.5).batchFirst(true).seed(7).build();
        return new SequenceRegressor(lstm, 1, 7);
    }

    private double[] forward(SequenceRegressor m) {
        try (TensorScope scope = TensorScope.open(); Autograd.NoGrad off = Autograd.noGrad()) {
            return m.forward(Variable.constant(be.fromArray(x, Shape.of(1, 8, 1), DType.FLOAT64))).value()
                    .toDoubleArray();
        }
    }

    @Test
    @DisplayName("a fresh model draws dropout; after fit, with or without validation, its passes repeat")
    void fitLeavesEvaluationMode() {
        SequenceRegressor fresh = model();
        assertFalse(Arrays.equals(forward(fresh), forward(fresh)), "a fresh model is in training mode");
        for (Dataset validation : new Dataset[] {null, SineWaves.noisySine(8, 8, 2)}) {
            SequenceRegressor m = model();
            Trainer.builder().epochs(1).batchSize(4).optimizer(p -> new Adam(p, 0.01)).build()
                    .fit(m, SineWaves.noisySine(16, 8, 1), validation);
            assertArrayEquals(forward(m), forward(m), "after fit (validation " + (validation != null) + ")");
        }
    }
}

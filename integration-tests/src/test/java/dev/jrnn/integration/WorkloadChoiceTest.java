package dev.jrnn.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.BackendProvider;
import dev.jrnn.api.backend.BackendSelection;
import dev.jrnn.api.backend.Backends;
import dev.jrnn.api.backend.Workload;
import dev.jrnn.api.reference.CountingBackend;
import dev.jrnn.backend.ejml.EjmlBackendProvider;
import dev.jrnn.backend.nd4j.Nd4jBackendProvider;
import dev.jrnn.forecast.data.BundledData;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.select.Candidates;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.loss.Loss;
import dev.jrnn.models.optim.Adam;
import dev.jrnn.models.train.SequenceRegressor;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The choice by estimate with the EJML and ND4J providers' measured cost models: the bundled
 * forecast's networks are small (calls dominate), a wide LSTM at a large batch is GEMM bound.
 */
class WorkloadChoiceTest {
    private static final Function<String, String> NONE = key -> null;
    private static final List<BackendProvider> CPU = List.of(new EjmlBackendProvider(), new Nd4jBackendProvider());

    @Test
    @DisplayName("the bundled forecast's workload picks ejml, and says why")
    void bundledForecastPicksEjml() {
        TimeSeries air = BundledData.series(BundledData.entry("AirPassengers").orElseThrow());
        Workload w = Candidates.workload(Candidates.of(air, 12, 24, 2, UnaryOperator.identity(), List.of(), 0.9), air)
                .orElseThrow();
        BackendSelection s = Backends.of(CPU, NONE, NONE).resolve(null, w);
        assertEquals("ejml", s.candidate().name(), s.explanation());
        assertEquals(BackendSelection.Source.ESTIMATE, s.source());
        assertTrue(s.explanation().contains("fastest estimate for a training step of lstm hidden 32"), s.explanation());
        assertEquals("nd4j", Backends.of(CPU, NONE, NONE).resolve(null).candidate().name(),
                "without a workload the priority still decides");
    }

    @Test
    @DisplayName("a large LSTM's training step (hidden 512, batch 128) picks nd4j")
    void largeLstmPicksNd4j() {
        int batch = 128;
        CountingBackend counter = new CountingBackend();
        RecurrentLayer layer = RecurrentLayer.builder("lstm").backend(counter).dtype(DType.FLOAT32).inputSize(32)
                .hiddenSize(512).batchFirst(true).seed(1).build();
        SequenceRegressor model = new SequenceRegressor(layer, 1, 1);
        Tensor x = counter.full(Shape.of(1, 24, 32), 0.1, DType.FLOAT32);
        Tensor y = counter.full(Shape.of(1, 1), 0.5, DType.FLOAT32);
        try (Adam adam = new Adam(model.parameters(), 1e-3)) {
            for (int step = 0; step < 2; step++) {    // the second step is counted: the first makes Adam's state
                counter.reset();
                try (TensorScope scope = TensorScope.open()) {
                    Variable loss = Loss.mse().apply(model.forward(Variable.constant(x)), Variable.constant(y));
                    adam.zeroGrad();
                    Autograd.backward(loss);
                    adam.step();
                    adam.keepIn(scope);
                }
            }
        }
        Workload w = counter.workload("").scaleFlops(batch, "a training step of lstm hidden 512, batch 128");
        assertTrue(w.flops() > 1e10, w.toString());
        BackendSelection s = Backends.of(CPU, NONE, NONE).resolve(null, w);
        assertEquals("nd4j", s.candidate().name(), s.explanation());
        assertEquals(BackendSelection.Source.ESTIMATE, s.source());
    }
}

package dev.jrnn.api.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BackendEstimateTest {
    private static final Function<String, String> NONE = key -> null;
    /** Few calls, few flops: a small model. */
    private static final Workload SMALL = new Workload("a small pass", 1_000, 1e6);
    /** Few calls, many flops: a large model. */
    private static final Workload LARGE = new Workload("a large pass", 1_000, 1e11);
    /** Cheap calls, slow GEMM. */
    private static final CostedProvider EJML = CostedProvider.of("ejml", 100, 2_000, 20);
    /** Dear calls, fast GEMM. */
    private static final CostedProvider ND4J = CostedProvider.of("nd4j", 200, 20_000, 100);

    private static Backends backends(BackendProvider... providers) {
        return Backends.of(List.of(providers), NONE, NONE);
    }

    @Test
    @DisplayName("the cost model is ops * nanosPerOp + flops / gflops")
    void costModelFormula() {
        assertEquals(1_000 * 2_000 + 1e6 / 20, EJML.model().nanos(SMALL), 1e-6);
        assertEquals(1_000 * 20_000 + 1e11 / 100, ND4J.model().nanos(LARGE), 1e-3);
        assertThrows(IllegalArgumentException.class, () -> new CostModel(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new CostModel(1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Workload("w", -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Workload("w", 1, Double.POSITIVE_INFINITY));
        assertEquals(6e6, SMALL.scaleFlops(6, "six").flops(), 0);
        assertEquals(SMALL.ops(), SMALL.scaleFlops(6, "six").ops());
    }

    @Test
    @DisplayName("a small workload picks the backend of cheap calls, a large one the backend of fast GEMM")
    void lowestEstimateWins() {
        Backends b = backends(EJML, ND4J);
        BackendSelection small = b.resolve(null, SMALL);
        assertEquals("ejml", small.candidate().name());
        assertEquals(BackendSelection.Source.ESTIMATE, small.source());
        BackendSelection large = b.resolve(null, LARGE);
        assertEquals("nd4j", large.candidate().name());
        assertEquals(BackendSelection.Source.ESTIMATE, large.source());
        assertEquals("nd4j", b.resolve(null).candidate().name(), "without a workload priority decides");
        assertEquals(BackendSelection.Source.PRIORITY, b.resolve(null).source());
    }

    @Test
    @DisplayName("the explanation names the workload, every estimate and how to name a backend")
    void explanation() {
        String why = backends(EJML, ND4J).resolve(null, SMALL).explanation();
        assertTrue(why.startsWith("jrnn: using backend 'ejml' (fastest estimate for a small pass: "), why);
        assertTrue(why.contains("nd4j 20.01 ms, ejml 2.05 ms a pass"), why);
        assertTrue(why.contains("-Djrnn.backend=NAME"), why);
        assertTrue(why.contains("ejml (priority 100, available"), why);
    }

    @Test
    @DisplayName("equal estimates are broken by priority")
    void tieByPriority() {
        Backends b = backends(CostedProvider.of("alpha", 100, 1_000, 10), CostedProvider.of("beta", 200, 1_000, 10));
        assertEquals("beta", b.resolve(null, SMALL).candidate().name());
        Backends reversed = backends(CostedProvider.of("alpha", 200, 1_000, 10), CostedProvider.of("beta", 100, 1_000, 10));
        assertEquals("alpha", reversed.resolve(null, SMALL).candidate().name());
    }

    @Test
    @DisplayName("a top candidate without a cost model keeps its place by priority")
    void topWithoutCostModel() {
        Backends b = backends(EJML, ND4J, FakeProvider.available("cuda", 300));
        BackendSelection s = b.resolve(null, SMALL);
        assertEquals("cuda", s.candidate().name());
        assertEquals(BackendSelection.Source.PRIORITY, s.source());
    }

    @Test
    @DisplayName("a lower candidate without a cost model is listed and passed over")
    void lowerWithoutCostModel() {
        BackendSelection s = backends(EJML, ND4J, FakeProvider.available("other", 50)).resolve(null, SMALL);
        assertEquals("ejml", s.candidate().name());
        assertTrue(s.explanation().contains("other no cost model"), s.explanation());
    }

    @Test
    @DisplayName("unavailable and negative-priority candidates are never estimated")
    void onlySelectable() {
        var unavailableCheap = new CostedProvider("fast", 150, Availability.unavailable("no library"),
                new CostModel(1, 1_000));
        var negativeCheap = CostedProvider.of("hidden", -5, 1, 1_000);
        BackendSelection s = backends(EJML, ND4J, unavailableCheap, negativeCheap).resolve(null, SMALL);
        assertEquals("ejml", s.candidate().name());
        assertTrue(!s.explanation().contains("fast 0") && !s.explanation().contains("hidden 0"), s.explanation());
        assertEquals(Optional.empty(), backends(unavailableCheap).costModel(backends(unavailableCheap).candidates().get(0)));
    }

    @Test
    @DisplayName("a name, the property and the environment variable still win over the estimate")
    void precedenceUnchanged() {
        List<BackendProvider> providers = List.of(EJML, ND4J);
        Function<String, String> props = Map.of(Backends.PROPERTY, "nd4j")::get;
        Function<String, String> env = Map.of(Backends.ENVIRONMENT, "nd4j")::get;
        assertEquals("nd4j", Backends.of(providers, NONE, NONE).resolve("nd4j", SMALL).candidate().name());
        assertEquals(BackendSelection.Source.ARGUMENT, Backends.of(providers, NONE, NONE).resolve("nd4j", SMALL).source());
        assertEquals("nd4j", Backends.of(providers, props, NONE).resolve(null, SMALL).candidate().name());
        assertEquals(BackendSelection.Source.SYSTEM_PROPERTY, Backends.of(providers, props, NONE).resolve(null, SMALL).source());
        assertEquals("nd4j", Backends.of(providers, NONE, env).resolve(null, SMALL).candidate().name());
        assertEquals(BackendSelection.Source.ENVIRONMENT, Backends.of(providers, NONE, env).resolve(null, SMALL).source());
        assertEquals("ejml", Backends.of(providers, props, env).resolve("ejml", LARGE).candidate().name());
    }

    @Test
    @DisplayName("a provider whose costModel() throws is chosen by priority alone, not dropped")
    void throwingCostModel() {
        BackendProvider throwing = new ThrowingCostProvider();
        BackendSelection s = backends(EJML, ND4J, throwing).resolve(null, SMALL);
        assertEquals("throwing", s.candidate().name());
        assertEquals(BackendSelection.Source.PRIORITY, s.source());
    }

    private static final class ThrowingCostProvider implements BackendProvider {
        @Override
        public String name() {
            return "throwing";
        }

        @Override
        public int priority() {
            return 300;
        }

        @Override
        public Availability availability() {
            return Availability.available("ready");
        }

        @Override
        public Optional<CostModel> costModel() {
            throw new IllegalStateException("no figures");
        }

        @Override
        public Backend create() {
            return new dev.jrnn.api.reference.ReferenceBackend();
        }
    }

    @Test
    @DisplayName("diagnostics show each candidate's cost model")
    void diagnosticsShowCostModels() {
        String report = backends(EJML, ND4J, FakeProvider.available("other", 50)).diagnostics().report();
        assertTrue(report.contains("cost model: 2.0 us per op, 20.0 GFLOP/s"), report);
        assertTrue(report.contains("cost model: 20.0 us per op, 100.0 GFLOP/s"), report);
        assertTrue(report.contains("fastest estimate"), report);
        assertEquals(2, backends(EJML, ND4J, FakeProvider.available("other", 50)).diagnostics().costModels().size());
    }
}

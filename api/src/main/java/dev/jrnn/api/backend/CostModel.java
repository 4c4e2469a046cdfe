package dev.jrnn.api.backend;

/**
 * How long a backend takes for a {@link Workload}, as two measured constants:
 * <pre>{@code nanos(w) = w.ops() * nanosPerOp + w.flops() / gflops}</pre>
 * (GFLOP/s is flops per nanosecond). {@code nanosPerOp} is the mean cost of a call in the mix a
 * training step makes (dispatch, allocation, the elementwise work of small tensors), which
 * dominates small models; {@code gflops} is the backend's rate on medium and large matrix
 * products, which dominates large ones. A provider declares one through
 * {@link BackendProvider#costModel()}; the figures are measured on one machine and are an
 * estimate elsewhere.
 *
 * @param nanosPerOp mean nanoseconds of one backend call, excluding its matrix-product flops; finite, &gt; 0
 * @param gflops     matrix-product rate in GFLOP/s; finite, &gt; 0
 */
public record CostModel(double nanosPerOp, double gflops) {

    public CostModel {
        if (!(nanosPerOp > 0) || Double.isInfinite(nanosPerOp) || !(gflops > 0) || Double.isInfinite(gflops)) {
            throw new IllegalArgumentException("a cost model needs finite nanosPerOp > 0 and gflops > 0, got "
                    + nanosPerOp + " ns per op, " + gflops + " GFLOP/s");
        }
    }

    /** Estimated nanoseconds of one pass of {@code workload}: {@code ops * nanosPerOp + flops / gflops}. */
    public double nanos(Workload workload) {
        return workload.ops() * nanosPerOp + workload.flops() / gflops;
    }

    /** {@code 2.0 us per op, 40.0 GFLOP/s}. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%.1f us per op, %.1f GFLOP/s", nanosPerOp / 1e3, gflops);
    }
}

package dev.jrnn.api.backend;

import java.util.List;
import java.util.Map;

/**
 * Every backend candidate on the classpath with its priority and availability, and what would be
 * chosen now; {@link #report()} is the printable form.
 *
 * @param candidates every discovered provider, highest priority first, ties by name
 * @param requested  the name requested through the system property or environment, or null
 * @param choice     the outcome of selection: the chosen name and rule, or the error message
 * @param failures   the listed providers that could not be loaded, with the cause
 * @param costModels the cost model each available candidate declares, by name (the first of a name); absent: none
 */
public record BackendDiagnostics(List<BackendCandidate> candidates, String requested, String choice,
                                 List<ProviderFailure> failures, Map<String, CostModel> costModels) {

    public BackendDiagnostics {
        candidates = List.copyOf(candidates);
        failures = List.copyOf(failures);
        costModels = Map.copyOf(costModels);
    }

    /** Diagnostics without cost models. */
    public BackendDiagnostics(List<BackendCandidate> candidates, String requested, String choice,
                              List<ProviderFailure> failures) {
        this(candidates, requested, choice, failures, Map.of());
    }

    /** Diagnostics where every listed provider loaded. */
    public BackendDiagnostics(List<BackendCandidate> candidates, String requested, String choice) {
        this(candidates, requested, choice, List.of(), Map.of());
    }

    /** A multi-line report: one line per candidate, one per provider that failed to load, then the choice. */
    public String report() {
        StringBuilder sb = new StringBuilder("jrnn backends (" + candidates.size() + " found)\n");
        if (candidates.isEmpty()) {
            sb.append("  none; add ").append(Backends.ARTIFACTS).append('\n');
        }
        for (BackendCandidate c : candidates) {
            sb.append(String.format("  %-10s priority %5d  %-11s  %s  [%s]%n", c.name(), c.priority(),
                    c.available() ? "available" : "unavailable", c.reason(), c.providerClass()));
            CostModel cost = c.available() ? costModels.get(c.name()) : null;
            if (cost != null) {
                sb.append(String.format("  %-10s cost model: %s%n", "", cost.describe()));
            }
        }
        for (ProviderFailure f : failures) {
            sb.append("  failed to load: ").append(f.describe()).append('\n');
        }
        if (requested != null) {
            sb.append("requested: ").append(requested).append('\n');
        }
        sb.append("choice: ").append(choice).append('\n');
        if (!costModels.isEmpty() && requested == null) {
            sb.append("  (for a model's workload, Backends.select(name, workload) goes by the fastest estimate when the"
                    + " highest-priority candidate has a cost model; jrnn forecast, backtest and m4 do)\n");
        }
        return sb.toString();
    }
}

package dev.jrnn.cli;

import dev.jrnn.forecast.StatisticalMethod;
import dev.jrnn.forecast.eval.MetricValue;
import dev.jrnn.forecast.select.Candidate;
import dev.jrnn.forecast.select.ModelSelection;
import java.util.Optional;

/**
 * The warning printed when the networks validate far worse than seasonal naive, over
 * {@value #FACTOR} times its MASE: they learned little (a learning rate too high or too low, too few
 * epochs), though training did not diverge.
 */
final class Warnings {
    static final double FACTOR = 2;

    private Warnings() {
    }

    /** The warning for a selection: the best network candidate against seasonal naive. */
    static Optional<String> networks(ModelSelection.Result selection) {
        Optional<ModelSelection.Score> snaive = single(selection, Candidate.Statistical.class)
                .filter(s -> ((Candidate.Statistical) s.choice().members().get(0)).method().kind()
                        == StatisticalMethod.Kind.SEASONAL_NAIVE)
                .findFirst();
        Optional<ModelSelection.Score> network = single(selection, Candidate.Network.class)
                .min((a, b) -> Double.compare(a.mase().value(), b.mase().value()));
        if (snaive.isEmpty() || network.isEmpty()) {
            return Optional.empty();
        }
        return compare("the best network (" + network.get().choice().name() + ")", network.get().mase(),
                snaive.get().mase());
    }

    /** The warning for a model's validation MASE against seasonal naive's. */
    static Optional<String> compare(String what, MetricValue model, MetricValue seasonalNaive) {
        if (!model.isDefined() || !seasonalNaive.isDefined() || !(model.value() > FACTOR * seasonalNaive.value())) {
            return Optional.empty();
        }
        return Optional.of(String.format("warning: %s validates at MASE %.4g, over %.0fx seasonal naive's %.4g: the"
                + " networks learned little (try another --lr, or more --epochs)", what, model.value(), FACTOR,
                seasonalNaive.value()));
    }

    /** Prints the warnings of a file's {@code report} to {@code err}, one line each. */
    static void data(java.io.PrintWriter err, dev.jrnn.forecast.data.DataReport report) {
        data(err, report.warnings());
    }

    /** Prints {@code warnings} about the data to {@code err}, one line each. */
    static void data(java.io.PrintWriter err, java.util.List<String> warnings) {
        warnings.forEach(w -> err.println("warning: " + w));
        err.flush();
    }

    private static java.util.stream.Stream<ModelSelection.Score> single(ModelSelection.Result r, Class<?> type) {
        return r.scores().stream().filter(s -> s.choice().members().size() == 1 && s.mase().isDefined()
                && type.isInstance(s.choice().members().get(0)));
    }
}

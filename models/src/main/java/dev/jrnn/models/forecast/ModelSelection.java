package dev.jrnn.models.forecast;

import java.util.ArrayList;
import java.util.List;

/**
 * Picks one of a few candidate configurations on the training part alone: its last
 * {@code horizon} observations are held out as a validation set, each candidate is trained on the
 * rest and scored by the MASE of its forecast of the held-out part (scaled by the rest's in-sample
 * seasonal naive error); the lowest wins, the first on ties. Nothing after the training part is
 * ever seen, so the caller's test part stays untouched.
 */
public final class ModelSelection {
    private ModelSelection() {
    }

    /** Trains on a series and forecasts the {@code config.horizon()} observations after it. */
    @FunctionalInterface
    public interface Fit {
        /**
         * @param name   the candidate's name (for progress output)
         * @param config the candidate's configuration
         * @param train  the series to train on and forecast from
         * @return the point forecast of the next {@code config.horizon()} observations
         */
        double[] forecast(String name, ForecastConfig config, TimeSeries train);
    }

    /**
     * A named configuration to try.
     *
     * @param name   shown when it is picked, for example {@code "input 2 seasons"}
     * @param config the configuration
     */
    public record Candidate(String name, ForecastConfig config) {
    }

    /**
     * A candidate's validation score.
     *
     * @param candidate the candidate
     * @param mase      its MASE on the held-out part, {@code NaN} when the rest was too short to train it
     */
    public record Score(Candidate candidate, double mase) {
    }

    /**
     * The outcome of a selection.
     *
     * @param scores every candidate's score, in the order given
     * @param best   the winner
     */
    public record Result(List<Score> scores, Candidate best) {
    }

    /**
     * Scores {@code candidates} (all of one horizon and season) on the last horizon of {@code train}.
     * With a single candidate, or when the held-out rest is too short for every candidate, the
     * first candidate wins unscored.
     */
    public static Result select(List<Candidate> candidates, TimeSeries train, Fit fit) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("model selection needs at least one candidate");
        }
        int h = candidates.get(0).config().horizon();
        int season = candidates.get(0).config().season();
        List<Score> scores = new ArrayList<>();
        if (candidates.size() == 1 || train.length() <= h) {
            candidates.forEach(c -> scores.add(new Score(c, Double.NaN)));
            return new Result(scores, candidates.get(0));
        }
        TimeSeries rest = train.dropLast(h);
        double[] held = train.last(h).values();
        Candidate best = candidates.get(0);
        double bestMase = Double.POSITIVE_INFINITY;
        for (Candidate c : candidates) {
            if (c.config().horizon() != h || c.config().season() != season) {
                throw new IllegalArgumentException("model selection candidates must share one horizon and season");
            }
            double mase = Double.NaN;
            if (rest.length() >= c.config().trainingLength() && rest.length() > season) {
                mase = Metrics.mase(held, fit.forecast(c.name(), c.config(), rest), rest.values(), season);
                if (mase < bestMase) {
                    bestMase = mase;
                    best = c;
                }
            }
            scores.add(new Score(c, mase));
        }
        return new Result(scores, best);
    }
}

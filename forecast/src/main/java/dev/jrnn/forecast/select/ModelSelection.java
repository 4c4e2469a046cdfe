package dev.jrnn.forecast.select;

import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.eval.MetricValue;
import dev.jrnn.forecast.eval.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Picks one of a few candidate configurations, or their combination, on the training part alone,
 * by rolling-origin validation: at origin {@code k = 1..K} the last {@code k * horizon}
 * observations are cut off, each candidate is trained on the rest and scored by the MASE of its
 * forecast of the next {@code horizon} observations (scaled by the rest's in-sample seasonal naive
 * error). A choice is one candidate or, with two or more, the step-by-step mean of all candidates'
 * forecasts (a forecast combination, which averages out the members' independent errors); its score
 * is its MASE averaged over the origins, {@code score = (1/K) sum_k MASE_k}, the lowest wins, the
 * first on ties (single candidates come before the combination); when no score is defined (MASE is
 * undefined for a constant training part) the first choice wins. Nothing after the training part
 * is ever seen, so the caller's test part stays untouched.
 */
public final class ModelSelection {
    private static final MetricValue NOT_TRAINED =
            MetricValue.undefined("the training part is too short to train it at the first origin");

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
     * @param name       shown when it is picked, for example {@code "input 2 seasons"}
     * @param config     the configuration
     * @param companions other series trained on alongside the one forecast (cross-learning: one global
     *                   model over all of them), the same at every origin; empty for a model of the series alone
     */
    public record Candidate(String name, ForecastConfig config, List<TimeSeries> companions) {
        public Candidate {
            companions = List.copyOf(companions);
        }

        /** A candidate trained on the forecast series alone. */
        public Candidate(String name, ForecastConfig config) {
            this(name, config, List.of());
        }
    }

    /**
     * What is forecast with: one candidate, or the mean of several candidates' forecasts.
     *
     * @param members the candidates whose forecasts are averaged, at least one
     */
    public record Choice(List<Candidate> members) {
        public Choice {
            members = List.copyOf(members);
            if (members.isEmpty()) {
                throw new IllegalArgumentException("a choice needs at least one candidate");
            }
        }

        /** The candidate's name, or {@code "mean of a, b"}. */
        public String name() {
            return members.size() == 1 ? members.get(0).name()
                    : "mean of " + members.stream().map(Candidate::name).collect(Collectors.joining(", "));
        }
    }

    /**
     * A choice's validation score.
     *
     * @param choice the choice
     * @param mase   its MASE averaged over the origins; undefined when the rest was too short to train it, or
     *               when MASE is undefined at an origin (a constant series)
     */
    public record Score(Choice choice, MetricValue mase) {
    }

    /**
     * The outcome of a selection.
     *
     * @param scores  every choice's score: the candidates in the order given, then their combination
     * @param best    the winner
     * @param origins the number of validation origins used (0 when nothing was trained)
     */
    public record Result(List<Score> scores, Choice best, int origins) {
    }

    /** {@link #select(List, TimeSeries, int, Fit)} with one origin: the training part's last horizon. */
    public static Result select(List<Candidate> candidates, TimeSeries train, Fit fit) {
        return select(candidates, train, 1, fit);
    }

    /**
     * Scores {@code candidates} (all of one horizon and season), and their mean when two or more can
     * be trained, on up to {@code origins} rolling origins of {@code train}. A candidate that cannot
     * be trained at the first origin (the rest is shorter than its training length) is left out with a
     * undefined score; a further origin is used only when every other candidate can be trained there,
     * so that all scores average the same origins. With a single candidate, or none trainable, the
     * first candidate wins unscored.
     */
    public static Result select(List<Candidate> candidates, TimeSeries train, int origins, Fit fit) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("model selection needs at least one candidate");
        }
        if (origins < 1) {
            throw new IllegalArgumentException("model selection needs at least one origin, got " + origins);
        }
        int h = candidates.get(0).config().horizon();
        int season = candidates.get(0).config().season();
        for (Candidate c : candidates) {
            if (c.config().horizon() != h || c.config().season() != season) {
                throw new IllegalArgumentException("model selection candidates must share one horizon and season");
            }
        }
        List<Candidate> able = candidates.size() == 1 ? List.of()
                : candidates.stream().filter(c -> trainable(c, train, h, 1)).toList();
        if (able.isEmpty()) {
            List<Score> unscored = candidates.stream().map(c -> new Score(new Choice(List.of(c)), NOT_TRAINED)).toList();
            return new Result(unscored, new Choice(List.of(candidates.get(0))), 0);
        }
        List<Choice> choices = new ArrayList<>();
        able.forEach(c -> choices.add(new Choice(List.of(c))));
        if (able.size() > 1) {
            choices.add(new Choice(able));
        }
        List<List<MetricValue>> scored = new ArrayList<>();
        choices.forEach(c -> scored.add(new ArrayList<>()));
        int used = 0;
        for (int k = 1; k <= origins && allTrainable(able, train, h, k); k++) {
            TimeSeries rest = train.dropLast(k * h);
            double[] held = train.slice(train.length() - k * h, train.length() - (k - 1) * h).values();
            double[][] forecasts = new double[able.size()][];
            for (int i = 0; i < able.size(); i++) {
                Candidate c = able.get(i);
                forecasts[i] = fit.forecast(c.name(), c.config(), rest);
            }
            for (int j = 0; j < choices.size(); j++) {
                scored.get(j).add(Metrics.mase(held, mean(choices.get(j), able, forecasts), rest.values(), season));
            }
            used++;
        }
        List<MetricValue> means = scored.stream().map(MetricValue::mean).toList();
        List<Score> scores = new ArrayList<>();
        Choice best = choices.get(0);
        double bestMase = Double.POSITIVE_INFINITY;
        for (Candidate c : candidates) {
            int i = able.indexOf(c);
            scores.add(new Score(new Choice(List.of(c)), i < 0 ? NOT_TRAINED : means.get(i)));
        }
        if (choices.size() > able.size()) {
            scores.add(new Score(choices.get(choices.size() - 1), means.get(choices.size() - 1)));
        }
        for (int j = 0; j < choices.size(); j++) {
            if (means.get(j).isDefined() && means.get(j).value() < bestMase) {
                bestMase = means.get(j).value();
                best = choices.get(j);
            }
        }
        return new Result(scores, best, used);
    }

    private static boolean trainable(Candidate c, TimeSeries train, int h, int origin) {
        int rest = train.length() - origin * h;
        return rest >= c.config().trainingLength() && rest > c.config().season();
    }

    private static boolean allTrainable(List<Candidate> cs, TimeSeries train, int h, int origin) {
        return cs.stream().allMatch(c -> trainable(c, train, h, origin));
    }

    /** The step-by-step mean of {@code choice}'s members' forecasts ({@code forecasts[i]} is {@code able[i]}'s). */
    private static double[] mean(Choice choice, List<Candidate> able, double[][] forecasts) {
        double[] out = new double[forecasts[0].length];
        for (Candidate m : choice.members()) {
            double[] f = forecasts[able.indexOf(m)];
            for (int t = 0; t < out.length; t++) {
                out[t] += f[t] / choice.members().size();
            }
        }
        return out;
    }
}

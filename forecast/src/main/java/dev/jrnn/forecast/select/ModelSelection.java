package dev.jrnn.forecast.select;

import dev.jrnn.forecast.NetworkEnsemble.Combination;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.eval.MetricValue;
import dev.jrnn.forecast.eval.Metrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Picks one of a few candidate configurations, or their combination, on the training part alone,
 * by rolling-origin validation: at origin {@code k = 1..K} the last {@code k * horizon}
 * observations are cut off, each candidate is trained on the rest and scored by the MASE of its
 * forecast of the next {@code horizon} observations (scaled by the rest's in-sample seasonal naive
 * error). A choice is one candidate, the step-by-step mean of all network candidates' forecasts, or
 * the mean of the {@value #TOP} candidates that score best alone, or the mean (with
 * {@link Rule#MEDIAN_OF_CLOSE}, the step-by-step median) of those that score within {@value #CLOSE}
 * of the best relatively (forecast combinations, which average out the members' independent errors,
 * the latter two without the members that validate poorly); its score is the median of its MASE
 * over the origins, {@code score = median_k MASE_k} (the mean for two), the lowest wins, the
 * first on ties (single candidates come before the combinations); when no score is defined (MASE is
 * undefined for a constant training part) the first choice wins. Nothing after the training part
 * is ever seen, so the caller's test part stays untouched.
 */
public final class ModelSelection {
    /** Candidates in the combination of the best ones. */
    public static final int TOP = 3;
    /** How far above the lowest score a candidate may score and still join {@link Rule#MEAN_OF_CLOSE}'s mean or {@link Rule#MEDIAN_OF_CLOSE}'s median. */
    public static final double CLOSE = 0.5;
    /** Validation origins for any series long enough to hold them out. */
    public static final int MIN_ORIGINS = 2;
    /** Validation origins at most, for long series. */
    public static final int MAX_ORIGINS = 4;
    private static final MetricValue NOT_TRAINED =
            MetricValue.undefined("the training part is too short to fit it at the first origin");
    private ModelSelection() {
    }

    /**
     * How many rolling origins to validate a series of {@code length} observations on:
     * {@code clamp(floor(length / (4 horizon)), }{@value #MIN_ORIGINS}{@code , }{@value #MAX_ORIGINS}{@code )},
     * as many as leave at least three quarters of the series to fit on at the deepest origin, two at
     * least. A long series affords more origins, and the median of their scores follows one
     * unusual horizon less than the mean of two; a short one keeps its data for fitting.
     *
     * @throws IllegalArgumentException when {@code length} is negative or {@code horizon} not positive
     */
    public static int originsFor(int length, int horizon) {
        if (length < 0 || horizon < 1) {
            throw new IllegalArgumentException("validation origins need a length of at least 0 and a horizon of at least 1,"
                    + " got length " + length + " and horizon " + horizon);
        }
        return Math.max(MIN_ORIGINS, Math.min(MAX_ORIGINS, length / (4 * horizon)));
    }

    /** Fits a candidate on a series and forecasts the {@code horizon()} observations after it. */
    @FunctionalInterface
    public interface Fit {
        /**
         * @param candidate the candidate
         * @param train     the series to fit on and forecast from
         * @return the point forecast of the next {@code candidate.horizon()} observations
         */
        double[] forecast(Candidate candidate, TimeSeries train);
    }

    /**
     * What is forecast with: one candidate, or the step-by-step mean or median of several candidates' forecasts.
     *
     * @param members     the candidates whose forecasts are combined, at least one
     * @param label       the name of a combination, for example {@code "mean of all"}; empty for a single candidate
     * @param combination how the members' forecasts are combined
     */
    public record Choice(List<Candidate> members, String label, Combination combination) {
        public Choice {
            members = List.copyOf(members);
            if (members.isEmpty()) {
                throw new IllegalArgumentException("a choice needs at least one candidate");
            }
            if (combination == null) {
                throw new IllegalArgumentException("a choice needs a combination, mean or median");
            }
        }

        /** The mean of {@code members}. */
        public Choice(List<Candidate> members, String label) {
            this(members, label, Combination.MEAN);
        }

        /** A single candidate. */
        public Choice(Candidate only) {
            this(List.of(only), "");
        }

        /** The candidate's name, the label, or {@code "mean of a, b"}. */
        public String name() {
            if (members.size() == 1) {
                return members.get(0).name();
            }
            return label.isEmpty() ? combination.name().toLowerCase(java.util.Locale.ROOT) + " of " + members.stream().map(Candidate::name).collect(Collectors.joining(", "))
                    : label;
        }
    }

    /**
     * A choice's validation score.
     *
     * @param choice the choice
     * @param mase   the median of its MASE at the origins (the mean of two); undefined when the rest was too short to train it, or
     *               when MASE is undefined at an origin (a constant series)
     */
    public record Score(Choice choice, MetricValue mase) {
    }

    /**
     * The outcome of a selection.
     *
     * @param scores  every choice's score: the candidates in the order given, then the combinations
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
     * so that all scores cover the same origins. With a single candidate, or none trainable, the
     * first candidate wins unscored.
     */
    public static Result select(List<Candidate> candidates, TimeSeries train, int origins, Fit fit) {
        return select(candidates, train, origins, Rule.LOWEST, fit);
    }

    /** How the winner is taken from the scored choices. */
    public enum Rule {
        /** The choice of the lowest score, singles and combinations alike. */
        LOWEST,
        /**
         * The mean of the {@value #TOP} candidates that score best alone (fewer when fewer can be
         * trained). Choosing the single lowest score over two origins follows noise; the mean of the
         * best few is steadier, and did better in nested validation on the training parts of the
         * bundled series (the rule scored at the origin that selection did not see).
         */
        MEAN_OF_BEST,
        /**
         * The mean of every candidate whose score is at most {@code 1 + }{@value #CLOSE} times the
         * lowest: as many members as score close to the best, so that a method far behind (on hourly
         * data, Theta and damped Holt-Winters) stays out, while where several score alike all of them
         * average out their errors. On the development set (benchmarks/forecast-dev) it beat the mean of
         * the best two, three or four and the single best.
         */
        MEAN_OF_CLOSE,
        /**
         * The same members as {@link #MEAN_OF_CLOSE}, combined by their step-by-step median instead
         * of their mean (the same when there are two), the networks among them counted as one member,
         * their mean: a member that goes astray after the validation origins, as a trend extrapolated
         * too far, moves a median less than a mean, and several networks of one family, whose errors
         * go together, get one vote beside each statistical method instead of a majority. On the
         * development set it beat the mean on the yearly, monthly, quarterly and hourly (season 24)
         * series and a week ahead.
         */
        MEDIAN_OF_CLOSE
    }

    /** {@link #select(List, TimeSeries, int, Fit)}, the winner taken by {@code rule}. */
    public static Result select(List<Candidate> candidates, TimeSeries train, int origins, Rule rule, Fit fit) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("model selection needs at least one candidate");
        }
        if (origins < 1) {
            throw new IllegalArgumentException("model selection needs at least one origin, got " + origins);
        }
        int h = candidates.get(0).horizon();
        int season = candidates.get(0).season();
        for (Candidate c : candidates) {
            if (c.horizon() != h || c.season() != season) {
                throw new IllegalArgumentException("model selection candidates must share one horizon and season");
            }
        }
        List<Candidate> able = candidates.size() == 1 ? List.of()
                : candidates.stream().filter(c -> trainable(c, train, h, 1)).toList();
        if (able.isEmpty()) {
            List<Score> unscored = candidates.stream().map(c -> new Score(new Choice(c), NOT_TRAINED)).toList();
            return new Result(unscored, new Choice(candidates.get(0)), 0);
        }
        List<double[][]> forecasts = new ArrayList<>();
        List<TimeSeries> rests = new ArrayList<>();
        List<double[]> helds = new ArrayList<>();
        for (int k = 1; k <= origins && allTrainable(able, train, h, k); k++) {
            TimeSeries rest = train.dropLast(k * h);
            double[][] f = new double[able.size()][];
            for (int i = 0; i < able.size(); i++) {
                f[i] = fit.forecast(able.get(i), rest);
            }
            forecasts.add(f);
            rests.add(rest);
            helds.add(train.slice(train.length() - k * h, train.length() - (k - 1) * h).values());
        }
        List<Choice> choices = new ArrayList<>();
        able.forEach(c -> choices.add(new Choice(c)));
        List<Candidate> networks = able.stream().filter(c -> c instanceof Candidate.Network).toList();
        if (networks.size() > 1) {
            choices.add(new Choice(networks, able.size() > networks.size() ? "mean of the networks" : ""));
        }
        List<MetricValue> single = new ArrayList<>();
        for (int i = 0; i < able.size(); i++) {
            single.add(score(choices.get(i), able, forecasts, rests, helds, season));
        }
        List<Candidate> ranked = new ArrayList<>(able);
        ranked.sort(Comparator.comparingDouble(c -> rank(single.get(able.indexOf(c)))));
        List<Candidate> top = ranked.subList(0, Math.min(TOP, ranked.size()));
        if (top.size() > 1 && !(networks.size() > 1 && new HashSet<>(top).equals(new HashSet<>(networks)))) {
            choices.add(new Choice(List.copyOf(top), "mean of the best " + top.size()));
        }
        double lowest = ranked.isEmpty() ? Double.POSITIVE_INFINITY : rank(single.get(able.indexOf(ranked.get(0))));
        List<Candidate> close = ranked.stream()
                .filter(c -> rank(single.get(able.indexOf(c))) <= (1 + CLOSE) * lowest).toList();
        String closeLabel = "mean of the " + close.size() + " within " + Math.round(100 * CLOSE) + "% of the best";
        if (lowest < Double.POSITIVE_INFINITY && close.size() > 1 && choices.stream().noneMatch(c -> new HashSet<>(c.members()).equals(new HashSet<>(close)))) {
            choices.add(new Choice(close, closeLabel));
        }
        Choice medianOfClose = close.size() > 2 ? new Choice(close, "median of the " + close.size() + " within "
                + Math.round(100 * CLOSE) + "% of the best" + (close.stream().filter(Candidate.Network.class::isInstance)
                .count() > 1 ? ", the networks as one" : ""), Combination.MEDIAN) : null;
        if (rule == Rule.MEDIAN_OF_CLOSE && lowest < Double.POSITIVE_INFINITY && medianOfClose != null) {
            choices.add(medianOfClose);
        }
        List<MetricValue> means = new ArrayList<>(single);
        for (int j = able.size(); j < choices.size(); j++) {
            means.add(score(choices.get(j), able, forecasts, rests, helds, season));
        }
        List<Score> scores = new ArrayList<>();
        for (Candidate c : candidates) {
            int i = able.indexOf(c);
            scores.add(new Score(new Choice(c), i < 0 ? NOT_TRAINED : means.get(i)));
        }
        for (int j = able.size(); j < choices.size(); j++) {
            scores.add(new Score(choices.get(j), means.get(j)));
        }
        Choice best = choices.get(0);
        double bestMase = Double.POSITIVE_INFINITY;
        for (int j = 0; j < choices.size(); j++) {
            if (rank(means.get(j)) < bestMase) {
                bestMase = rank(means.get(j));
                best = choices.get(j);
            }
        }
        if (bestMase == Double.POSITIVE_INFINITY) {
            best = lowestMae(choices, able, forecasts, helds);
        }
        if ((rule == Rule.MEAN_OF_CLOSE || rule == Rule.MEDIAN_OF_CLOSE) && bestMase < Double.POSITIVE_INFINITY) {
            best = close.size() == 1 ? new Choice(close.get(0))
                    : rule == Rule.MEDIAN_OF_CLOSE && medianOfClose != null ? medianOfClose : new Choice(close, closeLabel);
        }
        if (rule == Rule.MEAN_OF_BEST && bestMase < Double.POSITIVE_INFINITY) {
            List<Candidate> scored = top.stream().filter(c -> single.get(able.indexOf(c)).isDefined()).toList();
            best = scored.size() == 1 ? new Choice(scored.get(0))
                    : choices.stream().filter(c -> new HashSet<>(c.members()).equals(new HashSet<>(scored))).findFirst()
                    .orElse(new Choice(scored, "mean of the best " + scored.size()));
        }
        return new Result(scores, best, forecasts.size());
    }

    /** The score of {@code choice} among {@code scores} (same members in any order, same combination), if it was scored. */
    public static java.util.Optional<Score> scoreOf(Result result, Choice choice) {
        return result.scores().stream()
                .filter(s -> new HashSet<>(s.choice().members()).equals(new HashSet<>(choice.members()))
                        && (choice.members().size() == 1 || s.choice().combination() == choice.combination()))
                .findFirst();
    }

    /**
     * Where no choice has a defined MASE (a constant series, or one whose differences at the season's
     * lag are all zero, has no scale), the choice of the lowest mean absolute error over the origins,
     * {@code mean_k mean_t |y_kt - f_kt|}, so that the order of the candidates does not decide; the
     * first on ties.
     */
    private static Choice lowestMae(List<Choice> choices, List<Candidate> able, List<double[][]> forecasts,
                                    List<double[]> helds) {
        Choice best = choices.get(0);
        double lowest = Double.POSITIVE_INFINITY;
        for (Choice c : choices) {
            double sum = 0;
            for (int k = 0; k < forecasts.size(); k++) {
                sum += Metrics.mae(helds.get(k), combine(c, able, forecasts.get(k)));
            }
            double mae = sum / forecasts.size();
            if (mae < lowest) {
                lowest = mae;
                best = c;
            }
        }
        return best;
    }

    /** A defined score's value; undefined scores rank last. */
    private static double rank(MetricValue v) {
        return v.isDefined() ? v.value() : Double.POSITIVE_INFINITY;
    }

    /**
     * A choice's MASE over the origins: their median (with two origins, their mean), so that with
     * three or more one origin's unusual horizon does not decide (undefined when it is at an origin).
     */
    private static MetricValue score(Choice choice, List<Candidate> able, List<double[][]> forecasts,
                                     List<TimeSeries> rests, List<double[]> helds, int season) {
        List<MetricValue> each = new ArrayList<>();
        for (int k = 0; k < forecasts.size(); k++) {
            each.add(Metrics.mase(helds.get(k), combine(choice, able, forecasts.get(k)), rests.get(k).values(), season));
        }
        return MetricValue.median(each);
    }

    private static boolean trainable(Candidate c, TimeSeries train, int h, int origin) {
        int rest = train.length() - origin * h;
        return rest >= c.trainingLength() && rest > c.season();
    }

    private static boolean allTrainable(List<Candidate> cs, TimeSeries train, int h, int origin) {
        return cs.stream().allMatch(c -> trainable(c, train, h, origin));
    }

    /**
     * The step-by-step mean of {@code choice}'s members' forecasts ({@code forecasts[i]} is {@code able[i]}'s),
     * or their median with the networks among them counted as one member, their mean (as
     * {@link dev.jrnn.forecast.ForecastModel} combines them).
     */
    private static double[] combine(Choice choice, List<Candidate> able, double[][] forecasts) {
        double[] out = new double[forecasts[0].length];
        if (choice.combination() == Combination.MEDIAN) {
            List<Candidate> networks = choice.members().stream().filter(Candidate.Network.class::isInstance).toList();
            List<double[]> members = new ArrayList<>();
            if (!networks.isEmpty()) {
                members.add(combine(new Choice(networks, ""), able, forecasts));
            }
            choice.members().stream().filter(c -> !(c instanceof Candidate.Network))
                    .forEach(c -> members.add(forecasts[able.indexOf(c)]));
            double[] at = new double[members.size()];
            for (int t = 0; t < out.length; t++) {
                for (int i = 0; i < at.length; i++) {
                    at[i] = members.get(i)[t];
                }
                out[t] = ForecastCombination.medianInPlace(at);
            }
            return out;
        }
        for (Candidate m : choice.members()) {
            double[] f = forecasts[able.indexOf(m)];
            for (int t = 0; t < out.length; t++) {
                out[t] += f[t] / choice.members().size();
            }
        }
        return out;
    }
}

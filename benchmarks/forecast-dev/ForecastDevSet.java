import dev.jrnn.forecast.NetworkEnsemble;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.eval.MetricValue;
import dev.jrnn.forecast.eval.Metrics;
import dev.jrnn.api.backend.Backends;
import dev.jrnn.api.backend.Workload;
import dev.jrnn.forecast.select.AutoForecaster;
import dev.jrnn.forecast.select.Candidate;
import dev.jrnn.forecast.select.Candidates;
import dev.jrnn.forecast.select.ModelSelection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The forecasting development set's table: for every series of the {@code *-series.csv} files of a
 * folder (written by {@code export_dev_set.R}, with R's references in the {@code *-r.csv} files) the
 * last horizon is the pseudo-test; the statistical candidates of {@link Candidates} are validated on
 * rolling origins before it exactly as {@code jrnn forecast} does, and each way of choosing from
 * their scores is scored on the pseudo-test by MASE, beside R's references.
 *
 * <pre>
 *   java -cp cli/target/jrnn.jar benchmarks/forecast-dev/ForecastDevSet.java DIR [ORIGINS [LEFT_OUT]]
 * </pre>
 *
 * {@code ORIGINS}: validation origins, {@code auto} (the default) for as many as {@code jrnn forecast}
 * uses ({@link ModelSelection#originsFor}), or a number for every series.
 *
 * {@code LEFT_OUT}: candidates to leave out, comma-separated (for example {@code arima}).
 * {@code -Dnetworks=REGEX}: the series whose names match also get the LSTM candidates of
 * {@code jrnn forecast} (its 3 seeds x 5 snapshots, cross-learned twins with the other series of the
 * same season, cut at their own pseudo-test), and the rules that treat networks apart are added;
 * seconds to minutes a series. {@code -Dseries=REGEX}: only the series whose names match are scored
 * (the others still serve as cross-learning companions), so that a long run can be split.
 * Prints one row per series and, per frequency and overall, the mean MASE of each column and the
 * geometric mean of its MASE relative to R's ets and to seasonal naive (below 1: better).
 */
public final class ForecastDevSet {
    /** A rule's choice from the candidates ranked by validation score (lowest first), given the scores. */
    private record Rule(String name, BiFunction<List<Candidate>, Map<Candidate, Double>, List<Candidate>> pick) {
        /** The best {@code k}. */
        static Rule best(String name, int k) {
            return new Rule(name, (ranked, val) -> ranked.subList(0, Math.min(k, ranked.size())));
        }

        /** Every candidate whose score is at most {@code (1 + within)} times the best. */
        static Rule within(String name, double within) {
            return new Rule(name, (ranked, val) -> close(ranked, val, within));
        }

        /** {@link #within}, and the best statistical candidate when none of them is statistical. */
        static Rule withinPlusStatistical(String name, double within) {
            return new Rule(name, (ranked, val) -> {
                List<Candidate> picked = new ArrayList<>(close(ranked, val, within));
                if (picked.stream().noneMatch(Candidate.Statistical.class::isInstance)) {
                    ranked.stream().filter(Candidate.Statistical.class::isInstance).findFirst().ifPresent(picked::add);
                }
                return picked;
            });
        }

        /** {@link #within} among the statistical candidates alone. */
        static Rule statisticalWithin(String name, double within) {
            return new Rule(name, (ranked, val) -> close(ranked.stream()
                    .filter(Candidate.Statistical.class::isInstance).toList(), val, within));
        }

        private static List<Candidate> close(List<Candidate> ranked, Map<Candidate, Double> val, double within) {
            double best = val.get(ranked.get(0));
            return ranked.stream().filter(c -> val.get(c) <= (1 + within) * best).toList();
        }
    }

    private static final List<Rule> RULES = List.of(Rule.best("best 1", 1), Rule.best("mean best 2", 2),
            Rule.best("mean best 3", 3), Rule.best("mean best 4", 4), Rule.best("mean best 5", 5),
            Rule.best("mean all", Integer.MAX_VALUE), Rule.within("within 10%", 0.1), Rule.within("within 25%", 0.25),
            Rule.within("within 50%", 0.5));

    /** With the networks: the rules that treat them apart from the statistical candidates. */
    private static final List<Rule> NETWORK_RULES = List.of(Rule.within("within 100%", 1.0),
            Rule.withinPlusStatistical("50% + best stat", 0.5), Rule.withinPlusStatistical("25% + best stat", 0.25),
            Rule.statisticalWithin("stat within 50%", 0.5));

    /**
     * A combination other than an equal-weight mean: from the candidates ranked by validation score,
     * their scores and their pseudo-test forecasts (in the ranked order), the combined forecast.
     */
    private record Combiner(String name, Combine combine) {
        /** The mean of those within {@code within} of the best, weighted by the inverse validation MASE to {@code power}. */
        static Combiner inverse(String name, double within, double power) {
            return new Combiner(name, (ranked, val, f) -> {
                double best = val.get(ranked.get(0));
                double[] w = new double[ranked.size()];
                for (int i = 0; i < w.length; i++) {
                    double v = val.get(ranked.get(i));
                    w[i] = v <= (1 + within) * best && Double.isFinite(v) ? Math.pow(Math.max(v, 1e-9), -power) : 0;
                }
                return weighted(f, w);
            });
        }

        /** Step by step, the mean of the forecasts of all candidates less the {@code trim} highest and lowest. */
        static Combiner trimmed(String name, int trim) {
            return new Combiner(name, (ranked, val, f) -> {
                double[] out = new double[f.get(0).length];
                for (int t = 0; t < out.length; t++) {
                    final int step = t;
                    double[] at = f.stream().mapToDouble(x -> x[step]).sorted().toArray();
                    int cut = at.length > 2 * trim ? trim : 0;
                    double s = 0;
                    for (int i = cut; i < at.length - cut; i++) {
                        s += at[i];
                    }
                    out[t] = s / (at.length - 2 * cut);
                }
                return out;
            });
        }

        /** Step by step, the median of the forecasts of those within {@code within} of the best. */
        static Combiner median(String name, double within) {
            return new Combiner(name, (ranked, val, f) -> {
                double best = val.get(ranked.get(0));
                List<double[]> close = new ArrayList<>();
                for (int i = 0; i < ranked.size(); i++) {
                    if (val.get(ranked.get(i)) <= (1 + within) * best) {
                        close.add(f.get(i));
                    }
                }
                return median(close);
            });
        }

        /**
         * Step by step, the median of those within {@code within} of the best and seasonal naive,
         * which joins them when it is not among them already (the simplest method always a vote).
         */
        static Combiner medianWithSeasonalNaive(String name, double within) {
            return new Combiner(name, (ranked, val, f) -> {
                double best = val.get(ranked.get(0));
                List<double[]> close = new ArrayList<>();
                for (int i = 0; i < ranked.size(); i++) {
                    if (val.get(ranked.get(i)) <= (1 + within) * best || ranked.get(i).name().equals("seasonal naive")) {
                        close.add(f.get(i));
                    }
                }
                return median(close);
            });
        }

        /** Step by step, the median of {@code forecasts}. */
        static double[] median(List<double[]> forecasts) {
            double[] out = new double[forecasts.get(0).length];
            for (int t = 0; t < out.length; t++) {
                final int step = t;
                double[] at = forecasts.stream().mapToDouble(x -> x[step]).sorted().toArray();
                out[t] = at.length % 2 == 1 ? at[at.length / 2] : (at[at.length / 2 - 1] + at[at.length / 2]) / 2;
            }
            return out;
        }

        /**
         * Step by step, the median of those within {@code within} of the best, the networks among them
         * counted as one member (their mean), so that several networks of one family do not outvote
         * the statistical methods.
         */
        static Combiner medianNetworksAsOne(String name, double within) {
            return new Combiner(name, (ranked, val, f) -> {
                double best = val.get(ranked.get(0));
                List<Candidate> close = new ArrayList<>();
                List<double[]> forecasts = new ArrayList<>();
                for (int i = 0; i < ranked.size(); i++) {
                    if (val.get(ranked.get(i)) <= (1 + within) * best) {
                        close.add(ranked.get(i));
                        forecasts.add(f.get(i));
                    }
                }
                return medianNetworksAsOne(close, forecasts);
            });
        }

        /** Step by step, the median of {@code forecasts} (of {@code members}), the networks among them as one, their mean. */
        static double[] medianNetworksAsOne(List<Candidate> members, List<double[]> forecasts) {
            List<double[]> votes = new ArrayList<>();
            List<double[]> networks = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                (members.get(i) instanceof Candidate.Network ? networks : votes).add(forecasts.get(i));
            }
            if (!networks.isEmpty()) {
                double[] w = new double[networks.size()];
                Arrays.fill(w, 1);
                votes.add(weighted(networks, w));
            }
            return median(votes);
        }

        /** {@code lambda} of the inverse-MASE weights within {@code within}, the rest equal weights over the same. */
        static Combiner shrunk(String name, double within, double lambda) {
            return new Combiner(name, (ranked, val, f) -> {
                double best = val.get(ranked.get(0));
                double[] inv = new double[ranked.size()];
                double[] eq = new double[ranked.size()];
                double si = 0;
                double se = 0;
                for (int i = 0; i < inv.length; i++) {
                    double v = val.get(ranked.get(i));
                    if (v <= (1 + within) * best) {
                        inv[i] = 1 / Math.max(v, 1e-9);
                        eq[i] = 1;
                        si += inv[i];
                        se += 1;
                    }
                }
                double[] w = new double[inv.length];
                for (int i = 0; i < w.length; i++) {
                    w[i] = lambda * inv[i] / si + (1 - lambda) * eq[i] / se;
                }
                return weighted(f, w);
            });
        }

        private static double[] weighted(List<double[]> f, double[] w) {
            double total = Arrays.stream(w).sum();
            double[] out = new double[f.get(0).length];
            for (int i = 0; i < w.length; i++) {
                for (int t = 0; t < out.length; t++) {
                    out[t] += w[i] / total * f.get(i)[t];
                }
            }
            return out;
        }
    }

    @FunctionalInterface
    private interface Combine {
        double[] apply(List<Candidate> ranked, Map<Candidate, Double> val, List<double[]> forecasts);
    }

    private static final List<Combiner> COMBINERS = List.of(Combiner.inverse("inv 50%", 0.5, 1),
            Combiner.inverse("inv all", Double.POSITIVE_INFINITY, 1), Combiner.inverse("inv2 all", Double.POSITIVE_INFINITY, 2),
            Combiner.inverse("inv2 100%", 1.0, 2), Combiner.shrunk("shrink 50%", 0.5, 0.5),
            Combiner.median("median 25%", 0.25), Combiner.median("median 50%", 0.5), Combiner.median("median 100%", 1.0),
            Combiner.median("median all", Double.POSITIVE_INFINITY), Combiner.trimmed("trim1 all", 1),
            Combiner.medianNetworksAsOne("median nets as one 50%", 0.5),
            Combiner.medianWithSeasonalNaive("median 50% + snaive", 0.5),
            Combiner.medianWithSeasonalNaive("median 25% + snaive", 0.25));

    /** The tool's rule (column "tool"): {@code -Drule=MEAN_OF_CLOSE} or {@code MEAN_OF_BEST} give the earlier ones. */
    private static final ModelSelection.Rule RULE =
            ModelSelection.Rule.valueOf(System.getProperty("rule", "MEDIAN_OF_CLOSE"));

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        String originsArg = args.length > 1 ? args[1] : "auto";
        List<String> without = args.length > 2 ? List.of(args[2].split(",")) : List.of();
        Pattern networksOn = Pattern.compile(System.getProperty("networks", "(?!)"));
        Map<String, double[]> values = new LinkedHashMap<>();
        Map<String, int[]> shape = new HashMap<>();
        Map<String, List<Double>> collect = new LinkedHashMap<>();
        Map<String, Map<String, Double>> r = new HashMap<>();
        try (var files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) {
                String file = p.getFileName().toString();
                if (file.endsWith("-series.csv")) {
                    List<String> lines = Files.readAllLines(p);
                    for (String line : lines.subList(1, lines.size())) {
                        String[] f = line.split(",");
                        collect.computeIfAbsent(f[0], k -> new ArrayList<>()).add(Double.parseDouble(f[3]));
                        shape.put(f[0], new int[] {Integer.parseInt(f[1]), Integer.parseInt(f[2])});
                    }
                } else if (file.endsWith("-r.csv")) {
                    List<String> lines = Files.readAllLines(p);
                    for (String line : lines.subList(1, lines.size())) {
                        String[] f = line.split(",");
                        r.computeIfAbsent(f[0], k -> new HashMap<>()).put(f[1], f[2].equals("NA") ? Double.NaN
                                : Double.parseDouble(f[2]));
                    }
                }
            }
        }
        collect.forEach((k, v) -> values.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
        if (System.getProperty("study", "").equals("validation")) {
            ValidationStudy.run(values, shape, r, without);
            return;
        }
        List<String> columns = new ArrayList<>();
        Map<String, Map<String, Double>> table = new LinkedHashMap<>();
        Pattern scored = Pattern.compile(System.getProperty("series", ""));
        for (var e : values.entrySet()) {
            String name = e.getKey();
            if (!scored.matcher(name).find()) {
                continue;
            }
            int season = shape.get(name)[0];
            int h = shape.get(name)[1];
            TimeSeries all = TimeSeries.of(name, e.getValue());
            TimeSeries history = all.dropLast(h);
            double[] test = all.last(h).values();
            int origins = originsArg.equals("auto") ? ModelSelection.originsFor(history.length(), h)
                    : Integer.parseInt(originsArg);
            boolean networks = networksOn.matcher(name).find();
            List<TimeSeries> companions = !networks ? List.of() : values.entrySet().stream()
                    .filter(o -> !o.getKey().equals(name) && shape.get(o.getKey())[0] == season)
                    .map(o -> TimeSeries.of(o.getKey(), o.getValue()).dropLast(shape.get(o.getKey())[1])).toList();
            List<Candidate> cands = Candidates.of(history, season, h, origins, b -> b, companions, 0.9).stream()
                    .filter(c -> networks || c instanceof Candidate.Statistical)
                    .filter(c -> !without.contains(c.name())).toList();
            Map<String, double[]> cache = new HashMap<>();
            ModelSelection.Fit fit = (c, rest) -> cache.computeIfAbsent(c.name() + "@" + rest.length(),
                    k -> (c instanceof Candidate.Statistical s ? s.method()
                            : auto(Candidates.workload(cands, history).orElseThrow()).fit(c, rest, "")).forecast(rest).point());
            ModelSelection.Result sel = ModelSelection.select(cands, history, origins, RULE, fit);
            Map<String, Double> row = new LinkedHashMap<>();
            Map<String, Double> refs = r.getOrDefault(name, Map.of());
            row.put("R ets", refs.getOrDefault("ets", Double.NaN));
            row.put("R arima", refs.getOrDefault("arima", Double.NaN));
            List<Candidate> ranked = new ArrayList<>();
            Map<Candidate, Double> val = new HashMap<>();
            for (Candidate c : cands) {
                MetricValue v = ModelSelection.scoreOf(sel, new ModelSelection.Choice(c)).orElseThrow().mase();
                val.put(c, v.isDefined() ? v.value() : Double.POSITIVE_INFINITY);
                ranked.add(c);
                row.put(c.name(), mase(test, fit.forecast(c, history), history, season));
            }
            ranked.sort((a, b) -> Double.compare(val.get(a), val.get(b)));
            List<double[]> memberForecasts = sel.best().members().stream().map(c -> fit.forecast(c, history)).toList();
            row.put("tool", mase(test, sel.best().combination() == NetworkEnsemble.Combination.MEDIAN
                    ? Combiner.medianNetworksAsOne(sel.best().members(), memberForecasts)
                    : mean(sel.best().members(), fit, history), history, season));
            for (Rule rule : networks ? concat(RULES, NETWORK_RULES) : RULES) {
                row.put(rule.name(), mase(test, mean(rule.pick().apply(ranked, val), fit, history),
                        history, season));
            }
            List<double[]> rankedForecasts = ranked.stream().map(c -> fit.forecast(c, history)).toList();
            for (Combiner c : COMBINERS) {
                row.put(c.name(), mase(test, c.combine().apply(ranked, val, rankedForecasts), history, season));
            }
            if (!networks && !System.getProperty("originRules", "").isEmpty()) {
                OriginRules.addColumns(row, cands, history, test, h, season, fit);
            }
            table.put(name, row);
            for (String c : row.keySet()) {
                if (!columns.contains(c)) {
                    columns.add(c);
                }
            }
        }
        print(table, columns, shape);
    }

    private static List<Rule> concat(List<Rule> a, List<Rule> b) {
        List<Rule> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /**
     * Fits the networks as {@code jrnn forecast} does: its default seeds and snapshots, on the backend
     * it would choose for the workload.
     */
    private static AutoForecaster auto(Workload workload) {
        return AUTO.computeIfAbsent(Backends.get(null, workload).name(),
                name -> new AutoForecaster(Backends.get(name), 3, 5, 2, AutoForecaster.Progress.none()));
    }

    private static final Map<String, AutoForecaster> AUTO = new HashMap<>();

    private static double[] mean(List<Candidate> members, ModelSelection.Fit fit, TimeSeries history) {
        double[] out = null;
        for (Candidate c : members) {
            double[] f = fit.forecast(c, history);
            if (out == null) {
                out = new double[f.length];
            }
            for (int t = 0; t < f.length; t++) {
                out[t] += f[t] / members.size();
            }
        }
        return out;
    }

    private static double mase(double[] test, double[] f, TimeSeries history, int season) {
        MetricValue v = Metrics.mase(test, f, history.values(), season);
        return v.isDefined() ? v.value() : Double.NaN;
    }

    private static void print(Map<String, Map<String, Double>> table, List<String> columns, Map<String, int[]> shape) {
        StringBuilder head = new StringBuilder(String.format("%-22s %4s %4s", "series", "m", "h"));
        columns.forEach(c -> head.append(String.format(" %12s", c)));
        System.out.println(head);
        Map<String, List<String>> groups = new TreeMap<>();
        for (var e : table.entrySet()) {
            StringBuilder b = new StringBuilder(String.format("%-22s %4d %4d", e.getKey(), shape.get(e.getKey())[0],
                    shape.get(e.getKey())[1]));
            columns.forEach(c -> b.append(String.format(Locale.ROOT, " %12.3f", e.getValue().getOrDefault(c, Double.NaN))));
            System.out.println(b);
            groups.computeIfAbsent("m=" + shape.get(e.getKey())[0], k -> new ArrayList<>()).add(e.getKey());
            groups.computeIfAbsent("all", k -> new ArrayList<>()).add(e.getKey());
        }
        for (var g : groups.entrySet()) {
            System.out.println();
            summary(g.getKey() + " (" + g.getValue().size() + ") mean MASE", g.getValue(), table, columns, null);
            summary(g.getKey() + " gmean vs R ets", g.getValue(), table, columns, "R ets");
            summary(g.getKey() + " gmean vs snaive", g.getValue(), table, columns, "seasonal naive");
            wins(g.getKey() + " beats R ets", g.getValue(), table, columns, "R ets");
            wins(g.getKey() + " beats snaive", g.getValue(), table, columns, "seasonal naive");
        }
    }

    private static void summary(String label, List<String> names, Map<String, Map<String, Double>> table,
                                List<String> columns, String reference) {
        StringBuilder b = new StringBuilder(String.format("%-32s", label));
        for (String c : columns) {
            double s = 0;
            int n = 0;
            for (String name : names) {
                double v = table.get(name).getOrDefault(c, Double.NaN);
                double ref = reference == null ? 1 : table.get(name).get(reference);
                if (Double.isFinite(v) && ref > 0 && Double.isFinite(ref)) {
                    s += reference == null ? v : Math.log(Math.max(v, 1e-9) / ref);
                    n++;
                }
            }
            b.append(String.format(Locale.ROOT, " %12.3f", reference == null ? s / n : Math.exp(s / n)));
        }
        System.out.println(b);
    }

    private static void wins(String label, List<String> names, Map<String, Map<String, Double>> table,
                             List<String> columns, String reference) {
        StringBuilder b = new StringBuilder(String.format("%-32s", label));
        for (String c : columns) {
            int w = 0;
            int n = 0;
            for (String name : names) {
                double ref = table.get(name).get(reference);
                if (Double.isFinite(ref)) {
                    n++;
                    w += table.get(name).getOrDefault(c, Double.NaN) < ref ? 1 : 0;
                }
            }
            b.append(String.format(" %12s", w + "/" + n));
        }
        System.out.println(b);
    }
}

/**
 * {@code -DoriginRules=1}: the tool's rule (the median of those within 50% of the best, the networks
 * as one) on validation scores taken over more origins where the series is long: up to {@code K}
 * origins while {@code K} horizons are at most a quarter of the training part (two at least), the
 * per-origin MASEs turned into one score by their mean or their median; and, for comparison, over
 * {@code K} origins wherever they fit. Statistical candidates only.
 */
final class OriginRules {
    private OriginRules() {
    }

    static void addColumns(Map<String, Double> row, List<Candidate> cands, TimeSeries history, double[] test, int h,
                           int season, ModelSelection.Fit fit) {
        int fits = 0;
        while (fits < 4 && fitsAt(cands, history, h, fits + 1)) {
            fits++;
        }
        if (fits == 0) {
            return;
        }
        double[][] perOrigin = new double[cands.size()][fits];
        for (int k = 1; k <= fits; k++) {
            TimeSeries rest = history.dropLast(k * h);
            double[] held = history.slice(history.length() - k * h, history.length() - (k - 1) * h).values();
            for (int i = 0; i < cands.size(); i++) {
                MetricValue v = Metrics.mase(held, fit.forecast(cands.get(i), rest), rest.values(), season);
                perOrigin[i][k - 1] = v.isDefined() ? v.value() : Double.POSITIVE_INFINITY;
            }
        }
        for (int max : new int[] {3, 4}) {
            int quarter = Math.min(fits, Math.max(2, Math.min(max, history.length() / (4 * h))));
            int every = Math.min(fits, max);
            row.put("mean" + max + " quarter", chosen(cands, perOrigin, quarter, false, history, test, season, fit));
            row.put("med" + max + " quarter", chosen(cands, perOrigin, quarter, true, history, test, season, fit));
            row.put("med" + max + " every", chosen(cands, perOrigin, every, true, history, test, season, fit));
        }
    }

    private static boolean fitsAt(List<Candidate> cands, TimeSeries history, int h, int k) {
        int rest = history.length() - k * h;
        return cands.stream().allMatch(c -> rest >= c.trainingLength() && rest > c.season());
    }

    /** The pseudo-test MASE of the median of those within 50% of the best by the first {@code used} origins' scores. */
    private static double chosen(List<Candidate> cands, double[][] perOrigin, int used, boolean median,
                                 TimeSeries history, double[] test, int season, ModelSelection.Fit fit) {
        double[] score = new double[cands.size()];
        for (int i = 0; i < score.length; i++) {
            double[] v = Arrays.copyOf(perOrigin[i], used);
            Arrays.sort(v);
            score[i] = median ? (used % 2 == 1 ? v[used / 2] : (v[used / 2 - 1] + v[used / 2]) / 2)
                    : Arrays.stream(v).average().orElseThrow();
        }
        double best = Arrays.stream(score).min().orElseThrow();
        List<double[]> close = new ArrayList<>();
        for (int i = 0; i < score.length; i++) {
            if (score[i] <= (1 + ModelSelection.CLOSE) * best) {
                close.add(fit.forecast(cands.get(i), history));
            }
        }
        double[] out = new double[test.length];
        for (int t = 0; t < out.length; t++) {
            final int step = t;
            double[] at = close.stream().mapToDouble(x -> x[step]).sorted().toArray();
            out[t] = at.length % 2 == 1 ? at[at.length / 2] : (at[at.length / 2 - 1] + at[at.length / 2]) / 2;
        }
        MetricValue v = Metrics.mase(test, out, history.values(), season);
        return v.isDefined() ? v.value() : Double.NaN;
    }
}

/**
 * {@code -Dstudy=validation}: how well ways of validating predict the pseudo-test. Every statistical
 * candidate is scored at up to {@value #MAX_ORIGINS} rolling origins (the last {@code k} horizons
 * cut off); each way of turning those per-origin MASEs into one score (one origin, the mean or the
 * median of several, more weight on the latest) is judged per group by the mean rank correlation
 * of the candidates' scores with their pseudo-test MASE within a series, by the pseudo-test MASE of
 * the mean of the candidates scoring within 50% of the best (geometric mean relative to R's ets and
 * to seasonal naive), and by how far that mean's own validation score lies from its pseudo-test
 * MASE (the mean absolute log ratio, and the correlation of the logs across series).
 */
final class ValidationStudy {
    private static final int MAX_ORIGINS = 4;

    /** A way to score a candidate from its MASE at origins 1, 2, ... (the latest first). */
    private record Way(String name, int origins, java.util.function.ToDoubleFunction<double[]> score) {
    }

    private static final List<Way> WAYS = List.of(
            new Way("1 origin", 1, v -> v[0]),
            new Way("mean of 2", 2, v -> mean(v, 2)),
            new Way("mean of 3", 3, v -> mean(v, 3)),
            new Way("median of 3", 3, v -> median(v, 3)),
            new Way("mean of 4", 4, v -> mean(v, 4)),
            new Way("median of 4", 4, v -> median(v, 4)),
            new Way("2, latest x2", 2, v -> v.length < 2 ? v[0] : (2 * v[0] + v[1]) / 3),
            new Way("3, weights 3:2:1", 3, v -> v.length < 3 ? mean(v, 2) : (3 * v[0] + 2 * v[1] + v[2]) / 6));

    private ValidationStudy() {
    }

    static void run(Map<String, double[]> values, Map<String, int[]> shape, Map<String, Map<String, Double>> r,
                    List<String> without) {
        Map<String, List<double[]>> rows = new TreeMap<>();
        for (var e : values.entrySet()) {
            String name = e.getKey();
            int season = shape.get(name)[0];
            int h = shape.get(name)[1];
            TimeSeries all = TimeSeries.of(name, e.getValue());
            TimeSeries history = all.dropLast(h);
            double[] test = all.last(h).values();
            List<Candidate> cands = Candidates.of(history, season, h, 2, b -> b, List.of(), 0.9).stream()
                    .filter(Candidate.Statistical.class::isInstance).filter(c -> !without.contains(c.name())).toList();
            Map<String, double[]> cache = new HashMap<>();
            java.util.function.BiFunction<Candidate, TimeSeries, double[]> fit = (c, rest) -> cache.computeIfAbsent(
                    c.name() + "@" + rest.length(), k -> ((Candidate.Statistical) c).method().forecast(rest).point());
            int origins = 0;
            while (origins < MAX_ORIGINS && history.length() - (origins + 1) * h > Math.max(season, 3)) {
                origins++;
            }
            if (origins == 0) {
                continue;
            }
            double[][][] forecasts = new double[origins][cands.size()][];
            double[][] perOrigin = new double[cands.size()][origins];
            for (int k = 0; k < origins; k++) {
                TimeSeries rest = history.dropLast((k + 1) * h);
                double[] held = history.slice(history.length() - (k + 1) * h, history.length() - k * h).values();
                for (int i = 0; i < cands.size(); i++) {
                    forecasts[k][i] = fit.apply(cands.get(i), rest);
                    perOrigin[i][k] = maseOf(held, forecasts[k][i], rest, season);
                }
            }
            double[][] testForecasts = new double[cands.size()][];
            double[] testMase = new double[cands.size()];
            for (int i = 0; i < cands.size(); i++) {
                testForecasts[i] = fit.apply(cands.get(i), history);
                testMase[i] = maseOf(test, testForecasts[i], history, season);
            }
            Map<String, Double> refs = r.getOrDefault(name, Map.of());
            double ets = refs.getOrDefault("ets", Double.NaN);
            double snaive = maseOf(test, fit.apply(cands.stream().filter(c -> c.name().equals("seasonal naive"))
                    .findFirst().orElseThrow(), history), history, season);
            List<double[]> out = new ArrayList<>();
            for (Way way : WAYS) {
                int used = Math.min(way.origins(), origins);
                double[] score = new double[cands.size()];
                for (int i = 0; i < cands.size(); i++) {
                    score[i] = way.score().applyAsDouble(Arrays.copyOf(perOrigin[i], used));
                }
                double lowest = Arrays.stream(score).min().orElseThrow();
                List<Integer> close = new ArrayList<>();
                for (int i = 0; i < cands.size(); i++) {
                    if (score[i] <= 1.5 * lowest) {
                        close.add(i);
                    }
                }
                double[] valOfMean = new double[used];
                for (int k = 0; k < used; k++) {
                    TimeSeries rest = history.dropLast((k + 1) * h);
                    double[] held = history.slice(history.length() - (k + 1) * h, history.length() - k * h).values();
                    valOfMean[k] = maseOf(held, average(forecasts[k], close), rest, season);
                }
                double chosenTest = maseOf(test, average(testForecasts, close), history, season);
                out.add(new double[] {spearman(score, testMase), chosenTest, ets, snaive,
                        way.score().applyAsDouble(valOfMean)});
            }
            rows.computeIfAbsent("m=" + season, k -> new ArrayList<>()).add(flatten(out));
            rows.computeIfAbsent("all", k -> new ArrayList<>()).add(flatten(out));
        }
        System.out.printf("%-20s %-18s %8s %10s %10s %8s %10s %10s%n", "group", "validation", "rank r",
                "/ R ets", "/ snaive", "beats ets", "|log v/t|", "r(logs)");
        for (var g : rows.entrySet()) {
            for (int w = 0; w < WAYS.size(); w++) {
                final int o = 5 * w;
                List<double[]> series = g.getValue();
                double rank = series.stream().mapToDouble(x -> x[o]).filter(Double::isFinite).average().orElse(Double.NaN);
                double vsEts = gmean(series.stream().filter(x -> Double.isFinite(x[o + 2])).mapToDouble(x -> x[o + 1] / x[o + 2]).toArray());
                long wins = series.stream().filter(x -> x[o + 1] < x[o + 2]).count();
                long withEts = series.stream().filter(x -> Double.isFinite(x[o + 2])).count();
                double vsSnaive = gmean(series.stream().mapToDouble(x -> x[o + 1] / x[o + 3]).toArray());
                double[] lv = series.stream().mapToDouble(x -> Math.log(x[o + 4])).toArray();
                double[] lt = series.stream().mapToDouble(x -> Math.log(x[o + 1])).toArray();
                double gap = 0;
                for (int i = 0; i < lv.length; i++) {
                    gap += Math.abs(lv[i] - lt[i]) / lv.length;
                }
                System.out.printf(Locale.ROOT, "%-20s %-18s %8.3f %10.3f %10.3f %8s %10.3f %10.3f%n",
                        g.getKey() + " (" + series.size() + ")", WAYS.get(w).name(), rank, vsEts, vsSnaive,
                        wins + "/" + withEts, gap, pearson(lv, lt));
            }
        }
    }

    private static double maseOf(double[] held, double[] f, TimeSeries rest, int season) {
        MetricValue v = Metrics.mase(held, f, rest.values(), season);
        return v.isDefined() ? v.value() : Double.NaN;
    }

    private static double[] average(double[][] forecasts, List<Integer> members) {
        double[] out = new double[forecasts[members.get(0)].length];
        for (int i : members) {
            for (int t = 0; t < out.length; t++) {
                out[t] += forecasts[i][t] / members.size();
            }
        }
        return out;
    }

    private static double[] flatten(List<double[]> parts) {
        return parts.stream().flatMapToDouble(Arrays::stream).toArray();
    }

    private static double mean(double[] v, int n) {
        int used = Math.min(n, v.length);
        double s = 0;
        for (int i = 0; i < used; i++) {
            s += v[i];
        }
        return s / used;
    }

    private static double median(double[] v, int n) {
        double[] s = Arrays.copyOf(v, Math.min(n, v.length));
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double gmean(double[] ratios) {
        return Math.exp(Arrays.stream(ratios).filter(x -> x > 0 && Double.isFinite(x)).map(Math::log).average().orElse(Double.NaN));
    }

    private static double pearson(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElse(0);
        double mb = Arrays.stream(b).average().orElse(0);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    private static double spearman(double[] a, double[] b) {
        return pearson(ranks(a), ranks(b));
    }

    private static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(v[x], v[y]));
        double[] rank = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            rank[order[i]] = i;
        }
        return rank;
    }
}

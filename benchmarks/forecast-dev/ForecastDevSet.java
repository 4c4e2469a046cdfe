import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.eval.MetricValue;
import dev.jrnn.forecast.eval.Metrics;
import dev.jrnn.forecast.select.Candidate;
import dev.jrnn.forecast.select.Candidates;
import dev.jrnn.forecast.select.ModelSelection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

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
 * {@code LEFT_OUT}: candidates to leave out, comma-separated (for example {@code arima}).
 * Prints one row per series and, per frequency and overall, the mean MASE of each column and the
 * geometric mean of its MASE relative to R's ets and to seasonal naive (below 1: better).
 */
public final class ForecastDevSet {
    /**
     * A rule's choice from the candidates ranked by validation score: the best {@code k}, or, when
     * {@code within > 0}, every candidate whose score is at most {@code (1 + within)} times the best.
     */
    private record Rule(String name, int k, double within) {
        Rule(String name, int k) {
            this(name, k, 0);
        }

        List<Candidate> pick(List<Candidate> ranked, Map<Candidate, Double> val) {
            if (within <= 0) {
                return ranked.subList(0, Math.min(k, ranked.size()));
            }
            double best = val.get(ranked.get(0));
            return ranked.stream().filter(c -> val.get(c) <= (1 + within) * best).toList();
        }
    }

    private static final List<Rule> RULES = List.of(new Rule("best 1", 1), new Rule("mean best 2", 2),
            new Rule("mean best 3", 3), new Rule("mean best 4", 4), new Rule("mean best 5", 5), new Rule("mean all", Integer.MAX_VALUE),
            new Rule("within 10%", 0, 0.1), new Rule("within 25%", 0, 0.25), new Rule("within 50%", 0, 0.5));

    /** The tool's rule (column "tool"): {@code -Drule=MEAN_OF_BEST} gives the earlier one. */
    private static final ModelSelection.Rule RULE =
            ModelSelection.Rule.valueOf(System.getProperty("rule", "MEAN_OF_CLOSE"));

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        int origins = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        List<String> without = args.length > 2 ? List.of(args[2].split(",")) : List.of();
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
        List<String> columns = new ArrayList<>();
        Map<String, Map<String, Double>> table = new LinkedHashMap<>();
        for (var e : values.entrySet()) {
            String name = e.getKey();
            int season = shape.get(name)[0];
            int h = shape.get(name)[1];
            TimeSeries all = TimeSeries.of(name, e.getValue());
            TimeSeries history = all.dropLast(h);
            double[] test = all.last(h).values();
            List<Candidate> cands = Candidates.of(history, season, h, origins, b -> b, List.of(), 0.9).stream()
                    .filter(Candidate.Statistical.class::isInstance).filter(c -> !without.contains(c.name())).toList();
            Map<String, double[]> cache = new HashMap<>();
            ModelSelection.Fit fit = (c, rest) -> cache.computeIfAbsent(c.name() + "@" + rest.length(),
                    k -> ((Candidate.Statistical) c).method().forecast(rest).point());
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
            row.put("tool", mase(test, mean(sel.best().members(), fit, history), history, season));
            for (Rule rule : RULES) {
                row.put(rule.name(), mase(test, mean(rule.pick(ranked, val), fit, history),
                        history, season));
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

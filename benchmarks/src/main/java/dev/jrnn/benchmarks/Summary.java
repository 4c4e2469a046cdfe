package dev.jrnn.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * A markdown table of JMH results with GFLOP/s: for {@link RecurrentBenchmark} from the workload's
 * {@link WorkloadShape#flops()}, for {@link GemmBenchmark} from {@code 2 n^3}. Time per operation is
 * JMH's score (the mean) in milliseconds, plus the median where the mode records samples.
 */
final class Summary {
    private Summary() {
    }

    /** One row of the table. */
    record Row(String benchmark, String backend, String item, double flops, double meanMs, double medianMs,
               long samples) {

        double gflops(double ms) {
            return Double.isNaN(ms) || Double.isNaN(flops) ? Double.NaN : flops / (ms * 1e-3) / 1e9;
        }
    }

    /** The table for {@code results}, one row per benchmark and parameter set. */
    static String markdown(Collection<RunResult> results) {
        List<Row> rows = new ArrayList<>();
        for (RunResult r : results) {
            rows.add(row(r));
        }
        rows.sort(Comparator.comparing(Row::benchmark).thenComparing(Row::item).thenComparing(Row::backend));
        StringBuilder sb = new StringBuilder();
        sb.append("| benchmark | backend | workload | GFLOP | ms/op (mean) | ms/op (median) | GFLOP/s (mean) "
                + "| GFLOP/s (median) | samples |\n");
        sb.append("|---|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %d |%n", row.benchmark(),
                    row.backend(), row.item(), fmt(row.flops() / 1e9, 4), fmt(row.meanMs(), 3), fmt(row.medianMs(), 3),
                    fmt(row.gflops(row.meanMs()), 1), fmt(row.gflops(row.medianMs()), 1), row.samples()));
        }
        return sb.toString();
    }

    static Row row(RunResult r) {
        BenchmarkParams p = r.getParams();
        String name = p.getBenchmark();
        String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
        String backend = String.valueOf(p.getParam("backend"));
        String item;
        double flops;
        if (p.getParam("workload") != null) {
            Workload w = Workload.valueOf(p.getParam("workload"));
            item = w.describe();
            flops = w.shape().flops();
        } else if (p.getParam("n") != null) {
            int n = Integer.parseInt(p.getParam("n"));
            item = "GEMM " + n + "^3";
            flops = GemmBenchmark.flops(n);
        } else {
            item = "-";
            flops = Double.NaN;
        }
        Result<?> primary = r.getPrimaryResult();
        double toMs = millisPer(p.getTimeUnit(), primary.getScoreUnit());
        double mean = primary.getScore() * toMs;
        var stats = primary.getStatistics();
        double median = p.getMode().name().equals("SampleTime") ? stats.getPercentile(50) * toMs : Double.NaN;
        return new Row(shortName, backend, item, flops, mean, median, stats.getN());
    }

    /** Milliseconds per unit of a time-per-operation score ({@code ms/op}, {@code us/op}, ...). */
    private static double millisPer(TimeUnit unit, String scoreUnit) {
        if (!scoreUnit.endsWith("/op")) {
            throw new IllegalArgumentException("summary needs a time-per-operation mode, got unit " + scoreUnit);
        }
        return unit.toNanos(1) / 1e6;
    }

    private static String fmt(double x, int digits) {
        return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%." + digits + "f", x);
    }
}

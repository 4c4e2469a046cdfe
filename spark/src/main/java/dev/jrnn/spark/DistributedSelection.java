package dev.jrnn.spark;

import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.ForecastMethod;
import dev.jrnn.forecast.ForecastModel;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.NetworkEnsemble;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Chooses among candidate configurations of one global model, as {@code ModelSelection} does for
 * one series, on the cluster: the last horizon of every series is held out (the statistics that
 * decide each series' scaling are then of the rest alone), every candidate is trained on the rest
 * ({@link DistributedTrainer}), and one pass over the partitions validates all candidates at once,
 * and the step-by-step mean of all of them: each partition forecasts its series with every candidate
 * and sums their MASE and sMAPE, {@code treeAggregate} adds the sums. The choice of the lowest mean
 * MASE (the first on ties, the candidates before their mean) is refitted on the whole series.
 */
public final class DistributedSelection {
    private DistributedSelection() {
    }

    /**
     * A choice's validation.
     *
     * @param name   the candidate's name, or {@code "mean of all"}
     * @param mase   mean MASE over the series where it is defined (NaN when it is nowhere)
     * @param smape  mean sMAPE over the series where it is defined
     * @param series series whose MASE is defined
     */
    public record Score(String name, double mase, double smape, long series) {
    }

    /**
     * @param scores every candidate's validation, in order, then the mean of all
     * @param best   the chosen one's
     * @param model  the choice, refitted on the whole series (or as trained on the rest, without refitting):
     *               one network, or the mean of every candidate's network
     */
    public record Result(List<Score> scores, Score best, ForecastModel model) {
    }

    /**
     * Selects among {@code candidates} (of one horizon and season) trained with {@code training}.
     *
     * @param refit whether the choice is trained again on the whole series
     */
    public static Result select(Dataset<Row> data, ForecastColumns columns, List<ForecastConfig> candidates,
                                DistributedTraining training, boolean refit) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("model selection needs at least one candidate");
        }
        int horizon = candidates.get(0).horizon();
        int season = candidates.get(0).season();
        for (ForecastConfig c : candidates) {
            if (c.horizon() != horizon || c.season() != season) {
                throw new IllegalArgumentException("model selection candidates must share one horizon and season");
            }
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
        List<String> names = names(candidates);
        List<Forecaster> trained = new ArrayList<>();
        List<Score> scores = new ArrayList<>();
        try (SeriesShards shards = SeriesShards.of(data, columns, candidates, horizon, training.partitions(),
                training.skipsShort())) {
            for (ForecastConfig c : candidates) {
                trained.add(DistributedTrainer.fit(sc, shards, c, training).model());
            }
            List<ModelPayload> payloads = trained.stream().map(ModelPayload::of).toList();
            Broadcast<List<ModelPayload>> shipped = sc.broadcast(payloads);
            ScoreSums sums;
            try {
                sums = shards.rdd().mapPartitions(new CandidateScores(shipped, training.backend(), season, 512,
                        shards.kind())).treeAggregate(new ScoreSums(candidates.size() + 1), ScoreSums::add,
                        ScoreSums::add);
            } finally {
                shipped.destroy();
            }
            for (int i = 0; i <= candidates.size(); i++) {
                scores.add(new Score(i < candidates.size() ? names.get(i) : "mean of all", mean(sums.mase, sums.maseCount, i),
                        mean(sums.smape, sums.smapeCount, i), sums.maseCount[i]));
            }
        }
        int best = 0;
        for (int i = 1; i < scores.size(); i++) {
            if (rank(scores.get(i)) < rank(scores.get(best))) {
                best = i;
            }
        }
        List<Integer> chosen = new ArrayList<>();
        if (best < candidates.size()) {
            chosen.add(best);
        } else {
            for (int i = 0; i < candidates.size(); i++) {
                chosen.add(i);
            }
        }
        List<ForecastMethod> members = new ArrayList<>();
        for (int i : chosen) {
            Forecaster f = refit ? DistributedTrainer.fit(data, columns, candidates.get(i), training).model()
                    : trained.get(i);
            members.add(new NetworkEnsemble(names.get(i), List.of(f)));
        }
        String selection = scores.stream().map(s -> s.name() + ": validation MASE " + s.mase())
                .collect(Collectors.joining("; ")) + "; chosen: " + scores.get(best).name();
        return new Result(List.copyOf(scores), scores.get(best), new ForecastModel(members, selection, List.of()));
    }

    /** A score's MASE; undefined ranks last. */
    private static double rank(Score s) {
        return Double.isNaN(s.mase()) ? Double.POSITIVE_INFINITY : s.mase();
    }

    private static double mean(double[] sums, long[] counts, int i) {
        return counts[i] == 0 ? Double.NaN : sums[i] / counts[i];
    }

    /** {@code input 48, hidden 64, lstm}, numbered when two would read the same. */
    private static List<String> names(List<ForecastConfig> candidates) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            ForecastConfig c = candidates.get(i);
            String name = "input " + c.inputLength() + ", hidden " + c.hidden() + ", " + c.cell();
            out.add(out.contains(name) || candidates.stream().filter(o -> ("input " + o.inputLength() + ", hidden "
                    + o.hidden() + ", " + o.cell()).equals(name)).count() > 1 ? name + " #" + (i + 1) : name);
        }
        return out;
    }
}

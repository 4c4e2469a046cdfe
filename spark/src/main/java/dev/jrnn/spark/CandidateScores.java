package dev.jrnn.spark;

import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.ForecastModel;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.eval.MetricValue;
import dev.jrnn.forecast.eval.Metrics;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * Scores every candidate on one partition's series at once: each forecasts the held-out horizon of
 * each series from the rest ({@code batchSize} series per forward pass), and the MASE (scaled by the
 * in-sample seasonal naive error of the kept observations) and sMAPE of each, and of the step-by-step
 * mean of all candidates, are summed.
 */
final class CandidateScores implements FlatMapFunction<Iterator<TrainingShard>, ScoreSums>, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private final Broadcast<List<ModelPayload>> candidates;
    private final String backend;
    private final int season;
    private final int batchSize;
    private final TimeKind kind;

    CandidateScores(Broadcast<List<ModelPayload>> candidates, String backend, int season, int batchSize,
                    TimeKind kind) {
        this.candidates = candidates;
        this.backend = backend;
        this.season = season;
        this.batchSize = batchSize;
        this.kind = kind;
    }

    @Override
    public Iterator<ScoreSums> call(Iterator<TrainingShard> shards) {
        List<ModelPayload> payloads = candidates.value();
        int c = payloads.size();
        ScoreSums sums = new ScoreSums(c + 1);
        if (!shards.hasNext()) {
            return List.of(sums).iterator();
        }
        List<ForecastModel> models = new ArrayList<>();
        for (ModelPayload p : payloads) {
            models.add(ExecutorModels.get(p, backend));
        }
        List<SeriesCut> cuts = shards.next().cuts();
        for (int from = 0; from < cuts.size(); from += batchSize) {
            List<SeriesCut> batch = cuts.subList(from, Math.min(cuts.size(), from + batchSize));
            List<TimeSeries> series = batch.stream().map(cut -> cut.toSeries(kind)).toList();
            List<List<Forecast>> byCandidate = new ArrayList<>();
            for (ForecastModel m : models) {
                byCandidate.add(BatchScaling.adapt(m, batch).forecastAll(series));
            }
            for (int i = 0; i < batch.size(); i++) {
                double[] held = batch.get(i).held();
                double[] insample = series.get(i).values();
                double[] mean = new double[held.length];
                for (int k = 0; k < c; k++) {
                    double[] point = byCandidate.get(k).get(i).point();
                    for (int t = 0; t < held.length; t++) {
                        mean[t] += point[t] / c;
                    }
                    score(sums, k, held, java.util.Arrays.copyOf(point, held.length), insample);
                }
                score(sums, c, held, mean, insample);
            }
        }
        return List.of(sums).iterator();
    }

    private void score(ScoreSums sums, int choice, double[] held, double[] forecast, double[] insample) {
        MetricValue mase = Metrics.mase(held, forecast, insample, season);
        if (mase.isDefined()) {
            sums.mase[choice] += mase.value();
            sums.maseCount[choice]++;
        }
        MetricValue smape = Metrics.smape(held, forecast);
        if (smape.isDefined()) {
            sums.smape[choice] += smape.value();
            sums.smapeCount[choice]++;
        }
    }
}

package dev.jrnn.spark;

import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.data.CalendarEncoder;
import dev.jrnn.forecast.network.ForecastNetwork;
import dev.jrnn.forecast.scale.SeriesScaling;
import dev.jrnn.forecast.scale.WindowEncoder;
import dev.jrnn.models.optim.GradientClipping;
import dev.jrnn.models.optim.LearningRateSchedule;
import dev.jrnn.models.optim.Optimizer;
import dev.jrnn.models.train.NonFiniteException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Trains one global {@link Forecaster} over every series of a Dataset, synchronously data-parallel
 * ({@link DistributedTraining} says how): the series stay on the executors for the whole run; each
 * round broadcasts the parameters, every partition computes on its slice of the epoch's windows,
 * {@code treeAggregate} sums the results, and the driver updates the parameters. Only Spark moves
 * data. The scaling of each series is decided on its whole history by aggregation, as
 * {@code SeriesScaling.fit} decides it; the calendar covariates follow the series of the smallest
 * name (the single-JVM trainer follows its first series).
 *
 * <pre>{@code
 * ForecastConfig config = GlobalForecaster.defaults(24, 48, sample).build();
 * DistributedTrainer.Result r = DistributedTrainer.fit(data, ForecastColumns.defaults(), config,
 *         DistributedTraining.defaults().localSteps(4));
 * r.model().save(Path.of("global.jrnn"));
 * }</pre>
 */
public final class DistributedTrainer {
    private DistributedTrainer() {
    }

    /**
     * A training run.
     *
     * @param model           the trained forecaster, on the driver
     * @param losses          each epoch's mean training loss
     * @param series          series trained on
     * @param windowsPerEpoch training windows per epoch
     * @param rounds          synchronous rounds run
     * @param seconds         wall time of the rounds (not of reading the data)
     */
    public record Result(Forecaster model, List<Double> losses, long series, long windowsPerEpoch, int rounds,
                         double seconds) {
    }

    /** Trains on the series of {@code data} (long format) under {@code config} (its epochs, rate, clipping). */
    public static Result fit(Dataset<Row> data, ForecastColumns columns, ForecastConfig config,
                             DistributedTraining options) {
        try (SeriesShards shards = SeriesShards.of(data, columns, config, options.partitions(),
                options.skipsShort())) {
            return fit(JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext()), shards, config, options);
        }
    }

    /** Trains on series already on the executors. */
    static Result fit(JavaSparkContext sc, SeriesShards shards, ForecastConfig config, DistributedTraining options) {
        Backend backend = ExecutorBackends.get(options.backend());
        CalendarEncoder calendar = CalendarEncoder.forSeries(config.covariates(), shards.first(), config.season());
        WindowEncoder encoder = new WindowEncoder(config, calendar);
        SeriesScaling scaling = TrainingShard.scaling(config, shards.facts());
        ForecastNetwork network = new ForecastNetwork(backend, config, encoder.inputSize());
        Forecaster model = new Forecaster(config, network, encoder, scaling);
        List<Parameter> parameters = network.parameters();

        int partitions = shards.partitions();
        long windowsPerEpoch = shards.windowsPerEpoch(config);
        int perEpoch = roundsPerEpoch(windowsPerEpoch, partitions, options);
        int total = Math.max(1, config.epochs() * perEpoch);
        LearningRateSchedule schedule = options.schedule(config.learningRate(), total);
        Broadcast<RoundSetup> setup = sc.broadcast(new RoundSetup(UUID.randomUUID().toString(), config, calendar,
                options));
        List<Double> losses = new ArrayList<>();
        long started = System.nanoTime();
        int round = 0;
        try (Optimizer optimizer = options.optimizer(parameters, config.learningRate())) {
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                double lossSum = 0;
                long windows = 0;
                for (int r = 0; r < perEpoch; r++, round++) {
                    double rate = schedule.rate(round);
                    Broadcast<double[]> weights = sc.broadcast(FlatParameters.values(parameters));
                    RoundResult result;
                    try {
                        result = shards.rdd().mapPartitions(new ShardRound(setup, weights, epoch, r, perEpoch, rate))
                                .treeAggregate(new RoundResult(), RoundResult::add, RoundResult::add);
                    } finally {
                        weights.destroy();
                    }
                    if (result.windows() == 0) {
                        continue;
                    }
                    if (!Double.isFinite(result.lossSum())) {
                        throw new NonFiniteException("loss is " + result.lossSum() / result.windows(), epoch, r);
                    }
                    update(parameters, optimizer, options, config, result, rate, epoch, r);
                    lossSum += result.lossSum();
                    windows += result.windows();
                }
                double loss = windows == 0 ? Double.NaN : lossSum / windows;
                losses.add(loss);
                if (options.listener() != null) {
                    options.listener().epochEnd(epoch + 1, config.epochs(), loss, model);
                }
            }
            optimizer.zeroGrad();
        } finally {
            setup.destroy();
        }
        return new Result(model, losses, shards.facts().size(), windowsPerEpoch, round,
                (System.nanoTime() - started) / 1e9);
    }

    /**
     * Rounds per epoch: a batch of 0 takes each partition's share in one round; else enough rounds
     * that each partition's step sees about {@code batchSize} windows, {@code ceil(N / (P k b))}.
     */
    static int roundsPerEpoch(long windowsPerEpoch, int partitions, DistributedTraining options) {
        if (options.batchSize() == 0) {
            return 1;
        }
        long perRound = (long) partitions * options.localSteps() * options.batchSize();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (windowsPerEpoch + perRound - 1) / perRound));
    }

    /** Applies one round: an optimizer step on the mean gradient, or the mean parameter change. */
    private static void update(List<Parameter> parameters, Optimizer optimizer, DistributedTraining options,
                               ForecastConfig config, RoundResult result, double rate, int epoch, int round) {
        double[] mean = result.mean();
        if (options.localSteps() > 1) {
            double[] values = FlatParameters.values(parameters);
            for (int i = 0; i < values.length; i++) {
                values[i] += mean[i];
            }
            FlatParameters.set(parameters, values);
            return;
        }
        try (TensorScope scope = TensorScope.open()) {
            FlatParameters.setGradients(parameters, mean);
            double norm = config.clipNorm() > 0 ? GradientClipping.clipByGlobalNorm(parameters, config.clipNorm())
                    : GradientClipping.globalNorm(parameters);
            if (!Double.isFinite(norm)) {
                throw new NonFiniteException("gradient norm is " + norm, epoch, round);
            }
            optimizer.setLearningRate(rate);
            optimizer.step();
            optimizer.keepIn(scope);
        }
    }
}

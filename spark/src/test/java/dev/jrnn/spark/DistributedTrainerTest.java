package dev.jrnn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jrnn.api.DType;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Backends;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.data.CalendarEncoder;
import dev.jrnn.forecast.data.Covariates;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.network.ForecastNetwork;
import dev.jrnn.forecast.scale.ScalingMode;
import dev.jrnn.forecast.scale.SeriesScaling;
import dev.jrnn.forecast.scale.WindowEncoder;
import dev.jrnn.forecast.train.HeadModel;
import dev.jrnn.forecast.train.WindowSamples;
import dev.jrnn.models.optim.Sgd;
import dev.jrnn.models.train.Trainer;
import dev.jrnn.models.train.TrainingListener;
import dev.jrnn.spark.SyntheticSeries.Spec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("spark")
@DisplayName("data-parallel training of one global model on Spark")
class DistributedTrainerTest {
    private static final double LEARNING_RATE = 0.05;
    private static SparkSession spark;
    private static Backend backend;
    private static List<Spec> specs;

    @BeforeAll
    static void start() {
        spark = LocalSpark.session();
        backend = Backends.get("ejml");
        specs = new ArrayList<>(SyntheticSeries.specs(40, 30, 90, 6, true, 41));
        specs.add(new Spec("too-short", 12, 6, true, 42, false));
    }

    /** float64, every window among the last 20 starts of each series, no clipping. */
    private static ForecastConfig config() {
        return ForecastConfig.builder(6, 4).inputLength(12).hidden(6).scaling(ScalingMode.LAST_WINDOW).log(true)
                .covariates(Covariates.SIN_COS).windowsPerSeries(0).recentWindows(20).clipNorm(0).epochs(4)
                .learningRate(LEARNING_RATE).dtype(DType.FLOAT64).seed(17).build();
    }

    /** Full-batch plain SGD on one machine with the models' trainer: the reference. */
    private static List<Double> singleMachine(ForecastConfig config, List<TimeSeries> series, List<Parameter> out) {
        List<TimeSeries> trainable = series.stream().filter(s -> s.length() >= config.trainingLength())
                .sorted(Comparator.comparing(TimeSeries::name)).toList();
        WindowEncoder encoder = new WindowEncoder(config,
                CalendarEncoder.forSeries(config.covariates(), trainable.get(0), config.season()));
        ForecastNetwork network = new ForecastNetwork(backend, config, encoder.inputSize());
        List<Integer> index = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < trainable.size(); i++) {
            int last = trainable.get(i).length() - config.trainingLength() + 1;
            for (int s = Math.max(0, last - config.recentWindows()); s < last; s++) {
                index.add(i);
                starts.add(s);
            }
        }
        WindowSamples all = new WindowSamples(config, trainable, encoder, SeriesScaling.fit(config, trainable),
                index.stream().mapToInt(Integer::intValue).toArray(), starts.stream().mapToInt(Integer::intValue).toArray());
        List<Double> losses = new ArrayList<>();
        Trainer.builder().epochs(config.epochs()).batchSize(all.size()).seed(config.seed()).loss(network.loss())
                .optimizer(ps -> new Sgd(ps, LEARNING_RATE))
                .listener(new TrainingListener() {
                    @Override
                    public void onEpoch(EpochEvent e) {
                        losses.add(e.trainingLoss());
                    }
                })
                .build().fit(new HeadModel(network, config), all, null);
        out.addAll(network.parameters());
        return losses;
    }

    private static DistributedTraining fullBatchSgd(int partitions) {
        return DistributedTraining.defaults().optimizer(DistributedTraining.OptimizerKind.SGD)
                .schedule(DistributedTraining.Schedule.CONSTANT).batchSize(0).localSteps(1).partitions(partitions)
                .backend("ejml");
    }

    @Test
    @DisplayName("one local step of plain SGD over 2 or 4 partitions equals full-batch training on one machine within 1e-9")
    void equalsSingleMachine() {
        ForecastConfig config = config();
        List<Parameter> expected = new ArrayList<>();
        List<Double> expectedLosses = singleMachine(config, SyntheticSeries.series(specs), expected);
        Dataset<Row> data = SyntheticSeries.rows(spark, specs, 3);
        for (int partitions : new int[] {2, 4}) {
            DistributedTrainer.Result r = DistributedTrainer.fit(data, ForecastColumns.defaults(), config,
                    fullBatchSgd(partitions));
            assertEquals(40, r.series(), "the series too short for a window is left out");
            assertEquals(config.epochs(), r.rounds());
            double worst = 0;
            List<Parameter> actual = r.model().parameters();
            for (int p = 0; p < expected.size(); p++) {
                double[] e = expected.get(p).value().toDoubleArray();
                double[] a = actual.get(p).value().toDoubleArray();
                for (int i = 0; i < e.length; i++) {
                    worst = Math.max(worst, Math.abs(e[i] - a[i]));
                }
            }
            if (!(worst <= 1e-9)) {
                fail(partitions + " partitions: the parameters differ from single-machine training by " + worst);
            }
            for (int e = 0; e < expectedLosses.size(); e++) {
                assertEquals(expectedLosses.get(e), r.losses().get(e), 1e-9, "loss of epoch " + (e + 1));
            }
            System.out.printf("%d partitions: largest parameter difference %.3g, losses %s%n", partitions, worst,
                    r.losses());
        }
    }

    @Test
    @DisplayName("Adam with local steps learns: the loss falls, and the model forecasts every series")
    void localStepsLearn() {
        ForecastConfig config = ForecastConfig.builder(6, 4).inputLength(12).hidden(8).windowsPerSeries(16)
                .recentWindows(40).epochs(4).learningRate(0.02).dtype(DType.FLOAT32).seed(3).build();
        List<Double> heard = new ArrayList<>();
        DistributedTrainer.Result r = DistributedTrainer.fit(SyntheticSeries.rows(spark, specs, 2),
                ForecastColumns.defaults(), config, DistributedTraining.defaults().localSteps(4).batchSize(16)
                        .partitions(2).listener((epoch, epochs, loss, model) -> heard.add(loss)));
        assertEquals(r.losses(), heard);
        assertEquals(40 * 16, r.windowsPerEpoch());
        assertEquals(config.epochs() * DistributedTrainer.roundsPerEpoch(640, 2,
                DistributedTraining.defaults().localSteps(4).batchSize(16)), r.rounds());
        System.out.println("local steps: losses " + r.losses());
        double first = r.losses().get(0);
        double last = r.losses().get(r.losses().size() - 1);
        assertTrue(last < 0.8 * first, "the loss should fall: " + r.losses());
        Forecaster model = r.model();
        assertEquals(40, model.scaling().logs().size(), "a log decision per training series");
        long forecast = JrnnSpark.forecast(SyntheticSeries.rows(spark, specs, 2), ForecastColumns.defaults(), model, 4)
                .select("series_id").distinct().count();
        assertEquals(41, forecast, "every series long enough for the input window, the short one too");
    }
}

package dev.jrnn.spark;

import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.ForecastConfigBuilder;
import dev.jrnn.forecast.data.Frequency;
import dev.jrnn.forecast.data.TimeStep;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The job to {@code spark-submit}: reads long-format series (Parquet or CSV), forecasts every one
 * with a saved model, or first trains one global model over all of them, and writes the forecasts.
 *
 * <pre>
 * spark-submit --master local[2] --class dev.jrnn.spark.SparkForecastJob spark/target/jrnn-spark.jar \
 *     --data series.parquet --model global.jrnn --horizon 48 --out forecasts.parquet
 * </pre>
 */
@Command(name = "jrnn-spark", mixinStandardHelpOptions = true, version = "jrnn-spark 0.1.0",
        description = "Forecasts every series of a Parquet or CSV dataset (one row per observation) with a saved"
                + " jrnn model, or trains one global model over all of them first.")
public final class SparkForecastJob implements Callable<Integer> {
    /** Exit code of a user error (bad data, options or model file). */
    public static final int USER_ERROR = 2;

    private final SparkSession spark;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "PATH", description = "the series: files or a folder")
    String data;

    @Option(names = "--format", defaultValue = "parquet", paramLabel = "parquet|csv",
            description = "format of --data (default: ${DEFAULT-VALUE}); CSV has a header row")
    String format;

    @Option(names = "--series-column", defaultValue = "series_id", paramLabel = "NAME",
            description = "the series' id column (default: ${DEFAULT-VALUE})")
    String seriesColumn;

    @Option(names = "--time-column", defaultValue = "time", paramLabel = "NAME",
            description = "the time column: timestamp, date, text or an integer index (default: ${DEFAULT-VALUE})")
    String timeColumn;

    @Option(names = "--value-column", defaultValue = "value", paramLabel = "NAME",
            description = "the value column (default: ${DEFAULT-VALUE})")
    String valueColumn;

    @ArgGroup(multiplicity = "1")
    Source source;

    /** A saved model, or training. */
    static final class Source {
        @Option(names = "--model", paramLabel = "FILE",
                description = "a saved forecaster or forecast model (jrnn forecast --save, jrnn m4 --save)")
        String model;

        @Option(names = "--train", description = "train one global model over every series first")
        boolean train;
    }

    @Option(names = "--horizon", paramLabel = "N",
            description = "steps to forecast (default: the model's; with --train, the time step's, as for --season)")
    Integer horizon;

    @Option(names = "--out", required = true, paramLabel = "PATH", description = "where the forecasts go (a folder)")
    String out;

    @Option(names = "--out-format", paramLabel = "parquet|csv", description = "format of --out (default: --format)")
    String outFormat;

    @Option(names = "--save", paramLabel = "FILE", description = "with --train: where the trained model is saved")
    String save;

    @Option(names = "--season", paramLabel = "N",
            description = "with --train: the season, observations per cycle (default: from the time step of the series"
                    + " of the smallest id, as jrnn m4 takes it: 24 for hourly data, 12 monthly, ...; 1 without timestamps)")
    Integer season;

    @Option(names = "--frequency", paramLabel = "NAME",
            description = "with --train: half-hourly, hourly, business-daily, daily, weekly, monthly, quarterly or yearly,"
                    + " which sets the season and horizon")
    String frequency;

    @Option(names = "--epochs", paramLabel = "N", description = "with --train: epochs (default: the global model's, 60)")
    Integer epochs;

    @Option(names = "--input-length", paramLabel = "N",
            description = "with --train: observations in an input window (default: the global model's for the shortest series)")
    Integer inputLength;

    @Option(names = "--local-steps", defaultValue = "1", paramLabel = "K",
            description = "with --train: optimizer steps each partition takes per round (default: ${DEFAULT-VALUE})")
    int localSteps;

    @Option(names = "--batch-size", defaultValue = "128", paramLabel = "N",
            description = "with --train: windows per partition per step, 0 for a partition's whole share (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--partitions", defaultValue = "0", paramLabel = "N",
            description = "partitions of the series (default: Spark's default parallelism)")
    int partitions;

    @Option(names = "--backend", paramLabel = "NAME", description = "the backend on the driver and the executors (default: ejml)")
    String backend;

    @Option(names = "--max-history", defaultValue = "0", paramLabel = "N",
            description = "observations kept of each series; needed by models with classical members")
    int maxHistory;

    @Option(names = "--fail-short", description = "fail on a series too short for the model, instead of skipping it")
    boolean failShort;

    SparkForecastJob(SparkSession spark) {
        this.spark = spark;
    }

    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().appName("jrnn").getOrCreate();
        int code;
        try {
            code = commandLine(spark).execute(args);
        } finally {
            spark.stop();
        }
        System.exit(code);
    }

    /** The command line on {@code spark}, user errors reported as one line and {@value #USER_ERROR}. */
    static CommandLine commandLine(SparkSession spark) {
        CommandLine cl = new CommandLine(new SparkForecastJob(spark));
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            Throwable user = Failures.userError(ex);
            if (user == null) {
                throw ex;
            }
            line.getErr().println("jrnn-spark: " + user.getMessage());
            line.getErr().flush();
            return USER_ERROR;
        });
        return cl;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter log = spec.commandLine().getOut();
        ForecastColumns columns = new ForecastColumns(seriesColumn, timeColumn, valueColumn);
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        notOver("--out", out, "--data", data, hadoop);
        if (save != null) {
            notOver("--save", save, "--data", data, hadoop);
        }
        if (source.model != null) {
            notOver("--out", out, "--model", source.model, hadoop);
        }
        Dataset<Row> series = read(data, format);
        BatchOptions options = BatchOptions.defaults().withPartitions(partitions).withBackend(backend)
                .withMaxHistory(maxHistory)
                .withShortSeries(failShort ? BatchOptions.ShortSeries.FAIL : BatchOptions.ShortSeries.SKIP);
        BatchForecasts job;
        if (source.train) {
            SeriesStatistics stats = SeriesStatistics.of(series, columns);
            stats.outliers().ifPresent(w -> {
                spec.commandLine().getErr().println("jrnn-spark: warning: " + w);
                spec.commandLine().getErr().flush();
            });
            seasonAndHorizon(stats, log);
            ForecastConfig config = config(stats, log);
            DistributedTrainer.Result trained = DistributedTrainer.fit(series, columns, config,
                    DistributedTraining.defaults().localSteps(localSteps).batchSize(batchSize).partitions(partitions)
                            .backend(backend).skipShort(!failShort)
                            .listener((epoch, all, loss, model) -> {
                                log.printf(Locale.ROOT, "epoch %d/%d: loss %.5f%n", epoch, all, loss);
                                log.flush();
                            }));
            log.printf(Locale.ROOT, "trained on %d series, %d windows per epoch, %d rounds in %.1f s%n",
                    trained.series(), trained.windowsPerEpoch(), trained.rounds(), trained.seconds());
            if (save != null) {
                ModelFiles.write(hadoop, save, ModelPayload.of(trained.model()).bytes());
                log.println("saved the model to " + save);
            }
            // series of several steps trained on purpose (the season given) are forecast alike
            job = BatchForecasts.of(spark, trained.model(), horizon, options.withAnyStep(stats.steps().size() > 1));
        } else {
            byte[] file = ModelFiles.read(hadoop, source.model);
            job = BatchForecasts.ofSavedFile(spark, source.model, file, ExecutorBackends.get(backend),
                    horizon == null ? 0 : horizon, options);
        }
        String outputFormat = outFormat != null ? outFormat : format;
        checkFormat(outputFormat, "--out-format");
        var writer = job.forecast(series, columns).write().mode("overwrite").format(outputFormat.toLowerCase(Locale.ROOT));
        if (outputFormat.equalsIgnoreCase("csv")) {
            writer = writer.option("header", "true").option("escape", "\"");
        }
        writer.save(out);
        log.printf(Locale.ROOT, "forecast %d series (%d too short, skipped%s) to %s%n", job.seriesForecast(),
                job.seriesSkipped(), job.skippedExamples().isEmpty() ? "" : ": " + String.join(", ", job.skippedExamples()),
                out);
        if (job.seriesForecast() == 0) {
            // an empty output is no result: say why, and fail the job as a user error
            throw new IllegalArgumentException("no series forecast from " + data + ": " + (job.seriesSkipped() == 0
                    ? "it holds no rows"
                    : "all " + job.seriesSkipped() + " series are too short for the model (" + String.join(", ",
                    job.skippedExamples()) + (job.seriesSkipped() > job.skippedExamples().size() ? ", ..." : "")
                    + "); the executors' log gives the observations it reads"));
        }
        if (job.seriesWithTimesUncompared() > 0) {
            log.printf(Locale.ROOT, "%d series' times were not all compared for repeats (rows out of time order,"
                    + " or overlapping stretches of a series in several input files)%n", job.seriesWithTimesUncompared());
        }
        return 0;
    }

    /**
     * The season and horizon for training: given, named by {@code --frequency}, or those of the time step
     * of the series of the smallest id (as {@code jrnn m4} takes them); without timestamps, a season of 1,
     * said, and the horizon must be given.
     */
    private void seasonAndHorizon(SeriesStatistics stats, PrintWriter log) {
        if (frequency != null) {
            Frequency named = Frequency.parse(frequency);
            season = season != null ? season : named.season();
            horizon = horizon != null ? horizon : named.horizon();
            log.printf(Locale.ROOT, "season %d, horizon %d: --frequency %s%n", season, horizon, named);
        } else if (season == null || horizon == null) {
            if (stats.step().isPresent()) {
                TimeStep step = stats.commonStep();
                season = season != null ? season : step.season();
                horizon = horizon != null ? horizon : step.horizon();
                log.printf(Locale.ROOT, "season %d, horizon %d: the time step of series %s is %s (--season, --horizon or"
                        + " --frequency say otherwise)%n", season, horizon, stats.firstId(), step);
            } else if (stats.timestamps()) {
                throw new IllegalArgumentException("--train takes the season and horizon from the time step of series "
                        + stats.firstId() + ", which has fewer than two times that read as dates or times (time column '"
                        + timeColumn + "'); give --season and --horizon, or --frequency");
            } else if (horizon == null) {
                throw new IllegalArgumentException("--train needs --horizon (or --frequency) where the series have no"
                        + " timestamps to take it from (time column '" + timeColumn + "')");
            } else {
                season = 1;
                log.printf(Locale.ROOT, "season 1: the series have no timestamps to take it from (time column '%s');"
                        + " --season or --frequency says otherwise%n", timeColumn);
            }
        }
        if (stats.steps().size() > 1) {
            // the season and horizon were given: the model is trained, but its calendar is one series' only
            log.printf(Locale.ROOT, "jrnn-spark: warning: the series have %d time steps (%s); one global model reads"
                    + " one season (%d) and the calendar of series %s%n", stats.steps().size(),
                    stats.steps().entrySet().stream().map(e -> e.getKey() + ": series " + e.getValue())
                            .collect(java.util.stream.Collectors.joining(", ")), season, stats.firstId());
        }
        if (season < 1 || horizon < 1) {
            throw new IllegalArgumentException("--season and --horizon must be at least 1, got " + season + " and "
                    + horizon);
        }
    }

    private ForecastConfig config(SeriesStatistics stats, PrintWriter log) {
        ForecastConfigBuilder builder = stats.globalDefaults(season, horizon);
        if (epochs != null) {
            builder.epochs(epochs);
        }
        if (inputLength != null) {
            builder.inputLength(inputLength).stepSize(inputLength % season == 0 && season <= 48 ? season : 1)
                    .deseasonalise(season > 1 && inputLength >= season);
        }
        ForecastConfig config = builder.build();
        stats.shortSeriesLimit(season, horizon, config.inputLength(), inputLength != null).ifPresent(limit -> {
            PrintWriter err = spec.commandLine().getErr();
            err.println("jrnn-spark: warning: " + limit.describe());
            err.flush();
        });
        log.printf(Locale.ROOT, "%d series of %d to %d observations; the global model reads %d, %d per step, for %d"
                        + " epochs%n", stats.series(), stats.shortest(), stats.longest(), config.inputLength(),
                config.stepSize(), config.epochs());
        return config;
    }

    private Dataset<Row> read(String path, String fmt) {
        checkFormat(fmt, "--format");
        DataFrameReader reader = spark.read();
        if (fmt.equalsIgnoreCase("csv")) {
            // RFC 4180 quoting, as jrnn and spreadsheets write it: a quote inside a quoted field is doubled
            reader = reader.option("header", "true").option("inferSchema", "true").option("escape", "\"");
        }
        try {
            return reader.format(fmt.toLowerCase(Locale.ROOT)).load(path);
        } catch (Exception e) { // Scala's AnalysisException, checked to Java though load declares none
            if (e instanceof AnalysisException) {
                // a path that does not exist, or files not of the format: the user's, said in one line
                throw new IllegalArgumentException("cannot read --data " + path + " as " + fmt + ": " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /**
     * Fails when the output {@code output} is the input {@code input} or a folder holding it: the output
     * is written over (Parquet's and CSV's folders replaced), which would delete the input first.
     */
    private static void notOver(String outputOption, String output, String inputOption, String input,
                                Configuration conf) throws java.io.IOException {
        org.apache.hadoop.fs.Path in = new org.apache.hadoop.fs.Path(input);
        org.apache.hadoop.fs.Path o = new org.apache.hadoop.fs.Path(output);
        String inside = in.getFileSystem(conf).makeQualified(in).toString();
        String outside = o.getFileSystem(conf).makeQualified(o).toString();
        if (inside.equals(outside) || inside.startsWith(outside.endsWith("/") ? outside : outside + "/")) {
            throw new IllegalArgumentException(outputOption + " " + output + (inside.equals(outside) ? " is "
                    : " holds ") + inputOption + " " + input + ": writing it would delete what is read; name another"
                    + " output");
        }
    }

    private static void checkFormat(String fmt, String option) {
        if (!fmt.equalsIgnoreCase("parquet") && !fmt.equalsIgnoreCase("csv")) {
            throw new IllegalArgumentException(option + " must be parquet or csv, got " + fmt);
        }
    }

}

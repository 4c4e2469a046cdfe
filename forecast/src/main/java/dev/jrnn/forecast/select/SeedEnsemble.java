package dev.jrnn.forecast.select;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.NetworkEnsemble;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.train.FitListener;
import dev.jrnn.forecast.train.ForecastTrainer;
import dev.jrnn.models.train.NonFiniteException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Forecasts with several forecasters that differ in their seed (and in whatever a
 * {@link MemberConfigs} changes besides), each contributing the
 * forecasts of its last {@code snapshots} epochs (a snapshot ensemble: one forward pass per
 * snapshot); point, lower and upper bound are the medians (or the means, as
 * {@link NetworkEnsemble.Combination} says) over all of them, step by step.
 *
 * <p>The members are trained at the same time on up to {@code threads} threads. Small networks
 * keep a core busy with one member better than two cores can share one member's small products, so
 * this is the cheaper way to use the cores. Each member's numbers do not depend on the threads:
 * the result equals the one of training the members one after another.
 */
public final class SeedEnsemble {
    private final Backend backend;
    private final int size;
    private final int snapshots;
    private final int threads;
    private final NetworkEnsemble.Combination combination;
    private final MemberConfigs memberConfigs;

    /** Each member's configuration, from the ensemble's and the member's index. */
    @FunctionalInterface
    public interface MemberConfigs {
        /** Members differ only in their seeds: {@code seed, seed + 1000, ...}. */
        MemberConfigs SEEDS = (config, k) -> config.withSeed(config.seed() + 1000L * k);

        /** The configuration of member {@code k} (0-based) of an ensemble configured as {@code config}. */
        ForecastConfig member(ForecastConfig config, int k);
    }

    /** A median ensemble whose members train on as many threads as there are members and cores. */
    public SeedEnsemble(Backend backend, int size, int snapshots) {
        this(backend, size, snapshots, Runtime.getRuntime().availableProcessors());
    }

    /** A median ensemble; see {@link #SeedEnsemble(Backend, int, int, int, NetworkEnsemble.Combination)}. */
    public SeedEnsemble(Backend backend, int size, int snapshots, int threads) {
        this(backend, size, snapshots, threads, NetworkEnsemble.Combination.MEDIAN);
    }

    /**
     * @param size        forecasters trained, seeds {@code seed, seed + 1000, ...}
     * @param snapshots   epochs at the end of each training whose forecasts count
     * @param threads     members trained at the same time, at most
     * @param combination how the forecasts of every member and snapshot are combined
     */
    public SeedEnsemble(Backend backend, int size, int snapshots, int threads,
                        NetworkEnsemble.Combination combination) {
        this(backend, size, snapshots, threads, combination, MemberConfigs.SEEDS);
    }

    /**
     * As {@link #SeedEnsemble(Backend, int, int, int, NetworkEnsemble.Combination)}, each member
     * configured by {@code memberConfigs}.
     */
    public SeedEnsemble(Backend backend, int size, int snapshots, int threads,
                        NetworkEnsemble.Combination combination, MemberConfigs memberConfigs) {
        if (combination == null || memberConfigs == null) {
            throw new IllegalArgumentException("an ensemble needs a combination, median or mean, and its members'"
                    + " configurations");
        }
        if (size < 1 || snapshots < 1 || threads < 1) {
            throw new IllegalArgumentException("an ensemble needs at least one member, one snapshot and one thread, got "
                    + size + ", " + snapshots + " and " + threads);
        }
        this.backend = backend;
        this.size = size;
        this.snapshots = snapshots;
        this.threads = Math.min(size, threads);
        this.combination = combination;
        this.memberConfigs = memberConfigs;
    }

    /** Members trained. */
    public int size() {
        return size;
    }

    /**
     * Where a global fit's time went.
     *
     * @param wallNanos        the fit, from its start to the combined forecasts
     * @param trainingNanos    the members' training (their gradient steps and window encoding),
     *                         summed over members: on several threads it exceeds the wall time
     * @param forecastingNanos the members' snapshot forecasts, summed over members
     */
    public record Timing(long wallNanos, long trainingNanos, long forecastingNanos) {
    }

    /**
     * The outcome of a global fit.
     *
     * @param forecasts   the combined forecast of each series forecast, in the order given
     * @param snapshots   a copy of every network whose forecasts were combined, member by member:
     *                    as an {@link NetworkEnsemble} they forecast exactly {@code forecasts}
     * @param combination how they were combined
     * @param timing      where the fit's time went
     */
    public record Global(List<Forecast> forecasts, List<Forecaster> snapshots,
                         NetworkEnsemble.Combination combination, Timing timing) {
        /** The snapshots as one forecasting method named {@code name}. */
        public NetworkEnsemble ensemble(String name) {
            return new NetworkEnsemble(name, snapshots, combination);
        }
    }

    /**
     * Trains the members as one global model on {@code training} and forecasts what follows each of
     * {@code forecast} (one batch per snapshot); each series' forecast is the median (or mean) over
     * members and snapshots.
     *
     * @param progress hears the ensemble's training as one run of {@code size * epochs} epochs (its
     *                 calls are serialised), or null
     */
    public Global fitGlobal(ForecastConfig config, List<TimeSeries> training, List<TimeSeries> forecast,
                            FitListener progress) {
        long start = System.nanoTime();
        EnsembleProgress shared = progress == null ? null : new EnsembleProgress(progress, size * config.epochs());
        List<Member> members = new ArrayList<>();
        for (int k = 0; k < size; k++) {
            members.add(new Member(memberConfigs.member(config, k), training, forecast, shared));
        }
        if (threads == 1) {
            members.forEach(Member::train);
        } else {
            trainConcurrently(members);
        }
        List<List<Forecast>> taken = new ArrayList<>();
        List<Forecaster> kept = new ArrayList<>();
        long trainingNanos = 0;
        long forecasting = 0;
        for (Member m : members) {
            taken.addAll(m.taken);
            kept.addAll(m.kept);
            trainingNanos += m.trainingNanos;
            forecasting += m.forecastingNanos;
        }
        List<Forecast> combined = new ArrayList<>();
        for (int i = 0; i < forecast.size(); i++) {
            int series = i;
            combined.add(combination.of(taken.stream().map(t -> t.get(series)).toList()));
        }
        return new Global(combined, kept, combination, new Timing(System.nanoTime() - start, trainingNanos, forecasting));
    }

    private void trainConcurrently(List<Member> members) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, new MemberThreads());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Member m : members) {
                running.add(pool.submit(m::train));
            }
            for (Future<?> f : running) {
                await(f, pool);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(Future<?> member, ExecutorService pool) {
        try {
            member.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
            throw new IllegalStateException("interrupted while the ensemble trained", e);
        } catch (ExecutionException e) {
            pool.shutdownNow();
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** One member's training and the forecasts and copies of its last epochs. */
    private final class Member {
        private final ForecastConfig config;
        private final List<TimeSeries> training;
        private final List<TimeSeries> forecast;
        private final EnsembleProgress progress;
        private final List<List<Forecast>> taken = new ArrayList<>();
        private final List<Forecaster> kept = new ArrayList<>();
        private long trainingNanos;
        private long forecastingNanos;

        Member(ForecastConfig config, List<TimeSeries> training, List<TimeSeries> forecast, EnsembleProgress progress) {
            this.config = config;
            this.training = training;
            this.forecast = forecast;
            this.progress = progress;
        }

        void train() {
            long start = System.nanoTime();
            int firstTaken = Math.max(1, config.epochs() - snapshots + 1);
            Forecaster trained = ForecastTrainer.fit(backend, config, training, new FitListener() {
                @Override
                public void epochEnd(int epoch, int epochs, double loss, long elapsedMs) {
                    if (progress != null) {
                        progress.epochEnd(loss);
                    }
                }

                @Override
                public void stepEnd(int step, int stepsPerEpoch) {
                    if (progress != null) {
                        progress.stepEnd(step, stepsPerEpoch);
                    }
                }

                @Override
                public void epochModel(int epoch, Forecaster model) {
                    if (epoch >= firstTaken) {
                        long from = System.nanoTime();
                        try {
                            taken.add(model.forecastAll(forecast));
                        } catch (NonFiniteException e) {
                            throw new NonFiniteException(e.getMessage() + " with the weights of epoch " + epoch + " of "
                                    + config.epochs() + " (seed " + config.seed() + "): the training diverged");
                        }
                        kept.add(model.copy());
                        forecastingNanos += System.nanoTime() - from;
                    }
                }
            });
            if (config.epochs() == 0) {
                long from = System.nanoTime();
                taken.add(trained.forecastAll(forecast));
                kept.add(trained);
                forecastingNanos += System.nanoTime() - from;
            }
            trainingNanos = System.nanoTime() - start - forecastingNanos;
        }
    }

    /** The members' progress as one run: epochs and steps counted over all members. */
    private static final class EnsembleProgress {
        private final FitListener outer;
        private final int epochs;
        private final long start = System.nanoTime();
        private int epochsDone;

        EnsembleProgress(FitListener outer, int epochs) {
            this.outer = outer;
            this.epochs = epochs;
        }

        synchronized void stepEnd(int step, int stepsPerEpoch) {
            outer.stepEnd(step, stepsPerEpoch);
        }

        synchronized void epochEnd(double loss) {
            epochsDone++;
            outer.epochEnd(epochsDone, epochs, loss, (System.nanoTime() - start) / 1_000_000);
        }
    }

    /** Daemon threads named after the ensemble, so that a failed member cannot keep the JVM alive. */
    private static final class MemberThreads implements ThreadFactory {
        private static final AtomicInteger POOLS = new AtomicInteger();
        private final int pool = POOLS.incrementAndGet();
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "jrnn-ensemble-" + pool + "-member-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }

    /** The step-by-step median of point, lower and upper bound of forecasts of one series. */
    public static Forecast median(List<Forecast> all) {
        Forecast a = all.get(0);
        int h = a.horizon();
        double[] point = new double[h];
        double[] lower = new double[h];
        double[] upper = new double[h];
        double[] v = new double[all.size()];
        for (int t = 0; t < h; t++) {
            point[t] = median(all, t, v, 0);
            lower[t] = median(all, t, v, 1);
            upper[t] = median(all, t, v, 2);
        }
        return new Forecast(a.series(), point, lower, upper, a.level(), a.times());
    }

    private static double median(List<Forecast> all, int t, double[] v, int which) {
        for (int i = 0; i < v.length; i++) {
            Forecast f = all.get(i);
            v[i] = which == 0 ? f.point()[t] : which == 1 ? f.lower()[t] : f.upper()[t];
        }
        return ForecastCombination.medianInPlace(v);
    }
}

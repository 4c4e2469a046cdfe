package dev.jrnn.spark;

import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.autograd.WeightGuard;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.train.WindowSamples;
import dev.jrnn.models.loss.Loss;
import dev.jrnn.models.optim.GradientClipping;
import dev.jrnn.models.optim.Optimizer;
import java.io.Serial;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * One partition's part of one round: its slice {@code [round n / rounds, (round + 1) n / rounds)}
 * of the epoch's n windows, from the broadcast parameters. With one local step it returns the loss
 * gradient summed over the slice's windows (computed {@value #CHUNK} windows at a time, each piece's
 * mean gradient weighted by its windows); with k local steps it takes k steps of a fresh optimizer on
 * k parts of the slice and returns the change of the parameters times the slice's windows.
 */
final class ShardRound implements FlatMapFunction<Iterator<TrainingShard>, RoundResult>, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    /** Windows per forward and backward pass when the gradient of a slice is summed. */
    static final int CHUNK = 512;

    private final Broadcast<RoundSetup> setup;
    private final Broadcast<double[]> weights;
    private final int epoch;
    private final int round;
    private final int rounds;
    private final double rate;

    ShardRound(Broadcast<RoundSetup> setup, Broadcast<double[]> weights, int epoch, int round, int rounds,
               double rate) {
        this.setup = setup;
        this.weights = weights;
        this.epoch = epoch;
        this.round = round;
        this.rounds = rounds;
        this.rate = rate;
    }

    @Override
    public Iterator<RoundResult> call(Iterator<TrainingShard> shards) {
        if (!shards.hasNext()) {
            return List.of(new RoundResult()).iterator();
        }
        TrainingShard shard = shards.next();
        RoundSetup s = setup.value();
        ForecastConfig config = s.config();
        EpochWindows windows = shard.windows(config, epoch, TaskContext.getPartitionId());
        int from = (int) ((long) round * windows.size() / rounds);
        int to = (int) ((long) (round + 1) * windows.size() / rounds);
        if (from == to) {
            return List.of(new RoundResult()).iterator();
        }
        ShardNetworks.Net net = ShardNetworks.get(s);
        List<Parameter> parameters = net.network().parameters();
        double[] start = weights.value();
        FlatParameters.set(parameters, start);
        WindowSamples samples = new WindowSamples(config, shard.series(), net.encoder(), shard.scaling(config),
                windows.seriesIndex(), windows.starts());
        Work work = new Work(net, samples, config);
        RoundResult result = s.options().localSteps() == 1 ? work.gradient(from, to)
                : work.localSteps(s, rate, from, to, start);
        return List.of(result).iterator();
    }

    /** The passes over one slice. */
    private static final class Work {
        private final ShardNetworks.Net net;
        private final WindowSamples samples;
        private final ForecastConfig config;
        private final List<Parameter> parameters;
        private final Loss loss;
        private final Backend backend;

        Work(ShardNetworks.Net net, WindowSamples samples, ForecastConfig config) {
            this.net = net;
            this.samples = samples;
            this.config = config;
            this.parameters = net.network().parameters();
            this.loss = net.network().loss();
            this.backend = net.network().backend();
        }

        RoundResult gradient(int from, int to) {
            double[] sum = new double[FlatParameters.size(parameters)];
            double lossSum = 0;
            for (int a = from; a < to; a += CHUNK) {
                int b = Math.min(to, a + CHUNK);
                // the piece's graph and gradients are freed with its scope; the lease covers the graph's
                // reads of the weights, as in any training step
                try (TensorScope scope = TensorScope.open(); WeightGuard.Lease weights = WeightGuard.read(parameters)) {
                    Variable value = forward(a, b);
                    for (Parameter p : parameters) {
                        p.zeroGrad();
                    }
                    Autograd.backward(value);
                    lossSum += value.value().item() * (b - a);
                    FlatParameters.addGradients(parameters, b - a, sum);
                    for (Parameter p : parameters) {
                        p.zeroGrad();
                    }
                }
            }
            return new RoundResult(sum, lossSum, to - from);
        }

        RoundResult localSteps(RoundSetup setup, double rate, int from, int to, double[] start) {
            int k = setup.options().localSteps();
            double lossSum = 0;
            try (Optimizer optimizer = setup.localOptimizer(parameters, rate)) {
                for (int i = 0; i < k; i++) {
                    int a = from + (int) ((long) i * (to - from) / k);
                    int b = from + (int) ((long) (i + 1) * (to - from) / k);
                    if (a == b) {
                        continue;
                    }
                    try (TensorScope scope = TensorScope.open()) {
                        try (WeightGuard.Lease weights = WeightGuard.read(parameters)) {
                            Variable value = forward(a, b);
                            optimizer.zeroGrad();
                            Autograd.backward(value);
                            if (config.clipNorm() > 0) {
                                GradientClipping.clipByGlobalNorm(parameters, config.clipNorm());
                            }
                            lossSum += value.value().item() * (b - a);
                        }
                        // the update replaces the weights, outside the lease
                        optimizer.step();
                        optimizer.keepIn(scope);
                    }
                }
                optimizer.zeroGrad();
            }
            double[] end = FlatParameters.values(parameters);
            int windows = to - from;
            for (int i = 0; i < end.length; i++) {
                end[i] = (end[i] - start[i]) * windows;
            }
            return new RoundResult(end, lossSum, windows);
        }

        /** The mean loss of windows {@code [a, b)}, with its graph. */
        private Variable forward(int a, int b) {
            int[] rows = new int[b - a];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = a + i;
            }
            Variable x = Variable.constant(samples.inputs(rows, backend, config.dtype()));
            Variable y = Variable.constant(samples.targets(rows, backend, config.dtype()));
            return loss.apply(net.model().forward(x), y);
        }
    }
}

package dev.jrnn.spark;

import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.network.ForecastNetwork;
import dev.jrnn.forecast.scale.WindowEncoder;
import dev.jrnn.forecast.train.HeadModel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each executor thread's network of a training run, built once and given the round's parameters
 * every round (a network's gradients are its own, so threads do not share one). The two runs used
 * last are kept per thread.
 */
final class ShardNetworks {
    /** A thread's network, its trainer model and its window encoder. */
    record Net(ForecastNetwork network, HeadModel model, WindowEncoder encoder) {
    }

    private static final ThreadLocal<Map<String, Net>> NETS = ThreadLocal.withInitial(() ->
            new LinkedHashMap<>(4, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Net> eldest) {
                    return size() > 2;
                }
            });

    private ShardNetworks() {
    }

    static Net get(RoundSetup setup) {
        return NETS.get().computeIfAbsent(setup.run(), run -> {
            ForecastConfig config = setup.config();
            WindowEncoder encoder = new WindowEncoder(config, setup.calendar());
            ForecastNetwork network = new ForecastNetwork(ExecutorBackends.get(setup.options().backend()), config,
                    encoder.inputSize());
            return new Net(network, new HeadModel(network, config), encoder);
        });
    }
}

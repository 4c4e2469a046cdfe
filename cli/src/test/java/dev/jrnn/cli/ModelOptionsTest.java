package dev.jrnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.forecast.ForecastConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ModelOptionsTest {

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        ModelOptions options = new ModelOptions();
    }

    private static ForecastConfig parse(String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe.options.apply(ForecastConfig.builder(24, 48)).build();
    }

    @Test
    @DisplayName("--batch-size and --quantiles set the training batch and the head's levels; unset, the builder's defaults stay")
    void batchAndQuantiles() {
        ForecastConfig c = parse("--batch-size", "64", "--quantiles", "0.1,0.4,0.5,0.6,0.9");
        assertEquals(64, c.batchSize());
        assertArrayEquals(new double[] {0.1, 0.4, 0.5, 0.6, 0.9}, c.quantiles(), 0);
        ForecastConfig defaults = parse();
        ForecastConfig builder = ForecastConfig.builder(24, 48).build();
        assertEquals(builder.batchSize(), defaults.batchSize());
        assertArrayEquals(builder.quantiles(), defaults.quantiles(), 0);
    }

    @Test
    @DisplayName("levels out of order or outside (0, 1) and a batch of 0 are refused, naming the setting")
    void badValues() {
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
                () -> parse("--quantiles", "0.5,0.1"));
        assertTrue(order.getMessage().contains("quantiles must be ascending in (0, 1): [0.5, 0.1]"), order.getMessage());
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> parse("--quantiles", "0.5,1.5"));
        assertTrue(outside.getMessage().contains("[0.5, 1.5]"), outside.getMessage());
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class, () -> parse("--batch-size", "0"));
        assertTrue(batch.getMessage().contains("the batch size must be positive, got 0"), batch.getMessage());
    }
}

package dev.jrnn.spark;

import dev.jrnn.forecast.ForecastMethod;
import dev.jrnn.forecast.ForecastModel;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.NetworkEnsemble;
import dev.jrnn.forecast.data.CalendarField;
import dev.jrnn.forecast.scale.ScalingMode;

/**
 * How much of each series a model reads: its networks read their input window (and, without
 * timestamps, each observation's position within the season from its index, which a cut must keep:
 * the cut is then a multiple of the season); classical members read the whole history, which a batch
 * job bounds explicitly ({@code maxHistory}).
 */
final class ModelNeeds {
    private ModelNeeds() {
    }

    /**
     * The tail each series is cut to for {@code model}.
     *
     * @param maxHistory observations kept at least (0: what the networks read); needed for a model with
     *                   classical members
     */
    static TailSpec tail(ForecastModel model, int maxHistory) {
        int window = Math.max(2, maxHistory);
        int alignment = 1;
        boolean standard = false;
        for (ForecastMethod m : model.members()) {
            if (m instanceof NetworkEnsemble e) {
                for (Forecaster f : e.networks()) {
                    window = Math.max(window, f.config().inputLength());
                    standard |= f.config().scaling() == ScalingMode.STANDARD;
                    if (f.calendar().fields().contains(CalendarField.PHASE)) {
                        alignment = lcm(alignment, f.config().season());
                    }
                }
            } else if (maxHistory <= 0) {
                throw new IllegalArgumentException("model member '" + m.name() + "' is a classical method, which reads"
                        + " a series' whole history; set BatchOptions.maxHistory (--max-history) to the observations to"
                        + " keep of each series, or forecast with networks only");
            }
        }
        return new TailSpec(window, alignment, standard);
    }

    private static int lcm(int a, int b) {
        int x = a;
        int y = b;
        while (y != 0) {
            int t = x % y;
            x = y;
            y = t;
        }
        return Math.multiplyExact(a / x, b);
    }
}

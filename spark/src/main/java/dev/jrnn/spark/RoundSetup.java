package dev.jrnn.spark;

import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.data.CalendarEncoder;
import dev.jrnn.forecast.data.Covariates;
import dev.jrnn.models.optim.Optimizer;
import java.io.Serial;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every round of one training run needs on the executors, broadcast once: the configuration
 * (as its file metadata), the calendar covariates chosen on the driver, the training options, and an
 * identifier under which executor threads keep their network between rounds.
 */
final class RoundSetup implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private final String run;
    private final LinkedHashMap<String, String> config;
    private final Covariates calendarKind;
    private final String calendarFields;
    private final DistributedTraining options;
    private transient ForecastConfig parsed;

    RoundSetup(String run, ForecastConfig config, CalendarEncoder calendar, DistributedTraining options) {
        this.run = run;
        this.config = new LinkedHashMap<>(config.toMetadata());
        this.calendarKind = calendar.kind();
        this.calendarFields = calendar.fieldsText();
        this.options = options;
    }

    String run() {
        return run;
    }

    synchronized ForecastConfig config() {
        if (parsed == null) {
            parsed = ForecastConfig.fromMetadata(Map.copyOf(config));
        }
        return parsed;
    }

    CalendarEncoder calendar() {
        return CalendarEncoder.parse(calendarKind, calendarFields, config().season());
    }

    DistributedTraining options() {
        return options;
    }

    /** A fresh local optimizer of the options' kind. */
    Optimizer localOptimizer(List<Parameter> parameters, double rate) {
        return options.optimizer(parameters, rate);
    }
}

package dev.jrnn.spark;

import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.ForecastMethod;
import dev.jrnn.forecast.ForecastModel;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.NetworkEnsemble;
import dev.jrnn.forecast.scale.Scaler;
import dev.jrnn.forecast.scale.ScalingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model told what the whole histories of a batch of cut series decide about their scaling (the log
 * of a series whose earlier values were not all positive, a STANDARD scaler of the whole series), so
 * that it forecasts each cut exactly as it would forecast the whole series. The networks are shared,
 * not copied.
 */
final class BatchScaling {
    private BatchScaling() {
    }

    static ForecastModel adapt(ForecastModel model, List<SeriesCut> batch) {
        return adapt(model, batch, false);
    }

    /** {@link #adapt(ForecastModel, List)}, its networks forecasting series of any time step when {@code anyStep}. */
    static ForecastModel adapt(ForecastModel model, List<SeriesCut> batch, boolean anyStep) {
        List<ForecastMethod> members = new ArrayList<>();
        for (ForecastMethod m : model.members()) {
            if (m instanceof NetworkEnsemble e) {
                members.add(new NetworkEnsemble(e.name(), e.networks().stream().map(f -> adapt(f, batch))
                        .map(f -> anyStep ? f.acceptingAnyStep() : f).toList(), e.combination()));
            } else {
                members.add(m);
            }
        }
        return new ForecastModel(members, model.combination(), model.selection(), List.of());
    }

    static Forecaster adapt(Forecaster f, List<SeriesCut> batch) {
        ForecastConfig c = f.config();
        boolean standard = c.scaling() == ScalingMode.STANDARD;
        if (!c.log() && !standard) {
            return f;
        }
        Map<String, Boolean> logs = new HashMap<>();
        Map<String, Scaler> scalers = new HashMap<>();
        for (SeriesCut cut : batch) {
            logs.put(cut.series(), cut.facts().positive());
            if (standard) {
                scalers.put(cut.series(), cut.facts().standard(c));
            }
        }
        return f.withScaling(f.scaling().withHistories(logs, scalers));
    }
}

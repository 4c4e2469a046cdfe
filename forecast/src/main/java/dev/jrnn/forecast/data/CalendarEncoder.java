package dev.jrnn.forecast.data;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes known future covariates: the calendar fields that vary at a series' time step, each as
 * {@code (sin 2 pi v/P, cos 2 pi v/P)} or as a one-hot vector of its period P.
 *
 * @param kind   encoding, or {@link Covariates#NONE}
 * @param fields the fields encoded, in order
 * @param season the season, the period of {@link CalendarField#PHASE}
 */
public record CalendarEncoder(Covariates kind, List<CalendarField> fields, int season) {

    public CalendarEncoder {
        fields = List.copyOf(fields);
    }

    /**
     * The fields that vary for {@code series}: months for sub-yearly monthly data; hour and day of
     * week below a day; day of week for daily to weekly data; the season's phase without timestamps.
     */
    public static CalendarEncoder forSeries(Covariates kind, TimeSeries series, int season) {
        List<CalendarField> fields = new ArrayList<>();
        if (kind != Covariates.NONE) {
            if (!series.hasTimes()) {
                if (season > 1) {
                    fields.add(CalendarField.PHASE);
                }
            } else {
                TimeStep step = TimeStep.infer(series.name(), series.times());
                if (step.months() > 0) {
                    if (step.months() < 12) {
                        fields.add(CalendarField.MONTH);
                    }
                } else if (step.duration().toHours() < 24) {
                    fields.add(CalendarField.HOUR);
                    fields.add(CalendarField.DAY_OF_WEEK);
                } else if (step.duration().toDays() < 7) {
                    fields.add(CalendarField.DAY_OF_WEEK);
                }
            }
        }
        return new CalendarEncoder(fields.isEmpty() ? Covariates.NONE : kind, fields, season);
    }

    /** Whether a field reads timestamps (every field but {@link CalendarField#PHASE}). */
    public boolean needsTimes() {
        return fields.stream().anyMatch(f -> f != CalendarField.PHASE);
    }

    /** Features per time point. */
    public int dimension() {
        int d = 0;
        for (CalendarField f : fields) {
            d += kind == Covariates.ONE_HOT ? f.period(season) : kind == Covariates.SIN_COS ? 2 : 0;
        }
        return d;
    }

    /** Writes the features of the point at {@code time} (null without timestamps) and {@code index} into {@code out}. */
    public void encode(LocalDateTime time, long index, double[] out, int offset) {
        int o = offset;
        for (CalendarField f : fields) {
            int period = f.period(season);
            double v = f.value(time, index, season);
            if (kind == Covariates.ONE_HOT) {
                Arrays.fill(out, o, o + period, 0.0);
                out[o + (int) Math.floor(v)] = 1.0;
                o += period;
            } else {
                out[o++] = Math.sin(2 * Math.PI * v / period);
                out[o++] = Math.cos(2 * Math.PI * v / period);
            }
        }
    }

    /** The fields as metadata text, for example {@code HOUR,DAY_OF_WEEK}. */
    public String fieldsText() {
        return String.join(",", fields.stream().map(Enum::name).toList());
    }

    /** The encoder stored as {@link #kind}, {@link #fieldsText} and the season. */
    public static CalendarEncoder parse(Covariates kind, String fieldsText, int season) {
        List<CalendarField> fields = fieldsText.isEmpty() ? List.of()
                : Arrays.stream(fieldsText.split(",")).map(CalendarField::valueOf).toList();
        return new CalendarEncoder(kind, fields, season);
    }
}

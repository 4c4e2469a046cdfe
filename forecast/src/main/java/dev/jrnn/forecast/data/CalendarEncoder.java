package dev.jrnn.forecast.data;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

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
                fields.addAll(fieldsOf(TimeStep.infer(series.name(), series.times())));
            }
        }
        return new CalendarEncoder(fields.isEmpty() ? Covariates.NONE : kind, fields, season);
    }

    /** The timestamp fields that vary at {@code step}. */
    private static List<CalendarField> fieldsOf(TimeStep step) {
        if (step.months() > 0) {
            return step.months() < 12 ? List.of(CalendarField.MONTH) : List.of();
        }
        if (step.duration().toHours() < 24) {
            return List.of(CalendarField.HOUR, CalendarField.DAY_OF_WEEK);
        }
        return step.duration().toDays() < 7 ? List.of(CalendarField.DAY_OF_WEEK) : List.of();
    }

    /**
     * Why this encoder must not read {@code series}: the timestamp fields that vary at the series'
     * step are not those this encoder reads, the fields of the step it was built for (an hourly
     * network's hour of day is always 0 on daily data, and its forecast would be wrong without a
     * sign). Empty when the fields agree, when this encoder reads no timestamps, or when the series
     * has fewer than two timestamps (its step is unknown).
     */
    public Optional<String> stepMismatch(TimeSeries series) {
        if (!needsTimes()) {
            return Optional.empty();
        }
        // inferring the step scans every timestamp: only for networks that read them
        Optional<TimeStep> step = TimeStep.of(series);
        if (step.isEmpty() || fieldsOf(step.get()).equals(fields)) {
            return Optional.empty();
        }
        return Optional.of("series " + series.name() + " steps by " + step.get() + ", but the network reads the"
                + " calendar fields " + fieldsText() + " of the series it was trained on, which step by "
                + stepsOf(fields) + "; forecast it with a model trained on series of its step (or resample it to"
                + " that step)");
    }

    /** The steps whose varying fields are {@code read} (a field set {@link #fieldsOf} gives). */
    private static String stepsOf(List<CalendarField> read) {
        if (read.contains(CalendarField.HOUR)) {
            return "less than a day";
        }
        return read.contains(CalendarField.MONTH) ? "months, less than a year" : "a day to less than a week";
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

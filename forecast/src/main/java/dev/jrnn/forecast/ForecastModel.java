package dev.jrnn.forecast;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Workload;
import dev.jrnn.api.reference.CountingBackend;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.io.ForecastModelFile;
import dev.jrnn.forecast.select.ForecastCombination;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What model selection chose, fitted: the step-by-step mean or median of one or more
 * {@link ForecastMethod}s (network ensembles, classical methods), point and bounds alike (the median
 * counts the network ensembles as one member, their mean), with the
 * histories it was fitted to, so that a saved
 * model forecasts their future again without the data. {@link #save} and {@link #load} keep all of
 * it in one file; a loaded model forecasts exactly as the saved one did.
 *
 * <p>Thread safety: immutable, and forecasts from many threads at once (its networks are
 * {@link Forecaster}s, the classical methods keep no state). It has no weight reload of its own:
 * {@link #load} makes a new model, so a service replaces one that serves by swapping its
 * reference (a volatile field or an {@code AtomicReference}); forecasts in flight finish on the
 * old model. Replacing the weights of one member network in place is safe as {@link Forecaster}
 * describes.
 */
public final class ForecastModel {
    private final List<ForecastMethod> members;
    private final NetworkEnsemble.Combination combination;
    private final String selection;
    private final List<TimeSeries> histories;
    private final boolean utcTimes;

    /**
     * @param members   the methods averaged, at least one, all of one horizon
     * @param selection how the members were chosen (printed and saved; may be empty)
     * @param histories the series the model was fitted to (forecast by {@link #forecastStored}); may be empty
     */
    public ForecastModel(List<ForecastMethod> members, String selection, List<TimeSeries> histories) {
        this(members, NetworkEnsemble.Combination.MEAN, selection, histories);
    }

    /**
     * @param members     the methods combined, at least one, all of one horizon
     * @param combination how their forecasts are combined step by step
     * @param selection   how the members were chosen (printed and saved; may be empty)
     * @param histories   the series the model was fitted to (forecast by {@link #forecastStored}); may be empty
     */
    public ForecastModel(List<ForecastMethod> members, NetworkEnsemble.Combination combination, String selection,
                         List<TimeSeries> histories) {
        this(members, combination, selection, histories, false);
    }

    private ForecastModel(List<ForecastMethod> members, NetworkEnsemble.Combination combination, String selection,
                          List<TimeSeries> histories, boolean utcTimes) {
        this.utcTimes = utcTimes;
        if (combination == null) {
            throw new IllegalArgumentException("a forecast model needs a combination, mean or median");
        }
        this.combination = combination;
        this.members = List.copyOf(members);
        this.selection = selection;
        this.histories = List.copyOf(histories);
        if (this.members.isEmpty()) {
            throw new IllegalArgumentException("a forecast model needs at least one method");
        }
        int h = this.members.get(0).horizon();
        if (this.members.stream().anyMatch(m -> m.horizon() != h)) {
            throw new IllegalArgumentException("the methods of a forecast model must share one horizon, these have "
                    + this.members.stream().map(m -> m.name() + ": " + m.horizon()).toList());
        }
    }

    public List<ForecastMethod> members() {
        return members;
    }

    /** How the members' forecasts are combined. */
    public NetworkEnsemble.Combination combination() {
        return combination;
    }

    /** How the members were chosen, for example the validation scores. */
    public String selection() {
        return selection;
    }

    /** The series the model was fitted to. */
    public List<TimeSeries> histories() {
        return histories;
    }

    /**
     * Whether the stored histories' times are UTC instants ({@link dev.jrnn.forecast.data.SeriesData#utcTimes()}:
     * read from times whose offset changed), so that forecasts of them are written in UTC; saved with the model.
     */
    public boolean utcTimes() {
        return utcTimes;
    }

    /** This model, its histories' times recorded as UTC instants or not ({@link #utcTimes()}). */
    public ForecastModel withUtcTimes(boolean utc) {
        return new ForecastModel(members, combination, selection, histories, utc);
    }

    /** The member's name, or {@code "mean of a, b"} ({@code "median of a, b, c"}). */
    public String name() {
        return members.size() == 1 ? members.get(0).name()
                : combination.name().toLowerCase(java.util.Locale.ROOT) + " of " + members.stream().map(ForecastMethod::name).collect(Collectors.joining(", "));
    }

    /** Steps forecast. */
    public int horizon() {
        return members.get(0).horizon();
    }

    /** Observations a history needs at least. */
    public int minimumLength() {
        return members.stream().mapToInt(ForecastMethod::minimumLength).max().orElseThrow();
    }

    /** The forecast of the {@link #horizon()} observations after {@code history}. */
    public Forecast forecast(TimeSeries history) {
        Objects.requireNonNull(history, "history");
        return forecastAll(List.of(history)).get(0);
    }

    /**
     * {@link #forecast} of each history; networks run them as one batch.
     *
     * @throws dev.jrnn.models.train.NonFiniteException naming the series and the place when a
     *         history holds a NaN or infinity (checked before anything runs), or when a forecast is not finite
     */
    public List<Forecast> forecastAll(List<TimeSeries> series) {
        Arguments.noNulls(series, "series");
        for (TimeSeries s : series) {
            s.requireFinite();
            if (s.length() < minimumLength()) {
                throw new IllegalArgumentException("series " + s.name() + " has " + s.length()
                        + " observations; this model (" + name() + ") needs at least " + minimumLength());
            }
        }
        List<List<Forecast>> byMember = new ArrayList<>();
        for (ForecastMethod m : members) {
            byMember.add(m.forecastAll(series));
        }
        List<Forecast> out = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            int row = i;
            List<Forecast> each = byMember.stream().map(f -> f.get(row)).toList();
            out.add((combination == NetworkEnsemble.Combination.MEDIAN ? medianNetworksAsOne(each)
                    : combination.of(each)).requireFinite());
        }
        return out;
    }

    /**
     * The step-by-step median of {@code each} (one forecast per member, in order), the network
     * ensembles among the members counted as one member, their mean: networks of one family err
     * together, so they get one vote beside each classical method.
     */
    private Forecast medianNetworksAsOne(List<Forecast> each) {
        List<Forecast> networks = new ArrayList<>();
        List<Forecast> votes = new ArrayList<>();
        for (int m = 0; m < members.size(); m++) {
            (members.get(m) instanceof NetworkEnsemble ? networks : votes).add(each.get(m));
        }
        if (!networks.isEmpty()) {
            votes.add(0, ForecastCombination.mean(networks));
        }
        return NetworkEnsemble.Combination.MEDIAN.of(votes);
    }

    /** The forecasts of the stored histories. */
    public List<Forecast> forecastStored() {
        if (histories.isEmpty()) {
            throw new IllegalStateException("this forecast model stores no history; give the series to forecast");
        }
        return forecastAll(histories);
    }

    /** Writes the whole model (every network's weights, the classical methods, the histories) to one file, atomically. */
    public void save(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        ForecastModelFile.write(file, this);
    }

    /** A model written by {@link #save}, its networks on {@code backend}. */
    public static ForecastModel load(Backend backend, Path file) throws IOException {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(file, "file");
        return ForecastModelFile.read(backend, file);
    }

    /**
     * What forecasting {@code series} (null: the stored histories) with the model in {@code file} asks
     * of a backend, measured rather than guessed: the model, loaded on a {@link CountingBackend},
     * forecasts the first series long enough for it and its calls and matrix-product flops are counted; the flops are
     * then scaled to the number of series, which the networks forecast together. For
     * {@link dev.jrnn.api.backend.Backends#select(String, Workload)}: a small model is served fastest
     * by the backend of the cheapest calls, a large one by that of the fastest products.
     *
     * @throws IllegalArgumentException when there is no series to forecast
     */
    public static Workload workload(Path file, List<TimeSeries> series) throws IOException {
        CountingBackend counter = new CountingBackend();
        ForecastModel probe = load(counter, file);
        List<TimeSeries> all = series != null ? series : probe.histories();
        if (all.isEmpty()) {
            throw new IllegalArgumentException(file + " stores no history; give the series to forecast");
        }
        // the first series long enough to forecast; where none is, forecasting the first says why
        TimeSeries first = all.stream().filter(s -> s.length() >= probe.minimumLength()).findFirst()
                .orElse(all.get(0));
        counter.reset();
        probe.forecastAll(List.of(first));
        return counter.workload("").scaleFlops(all.size(), "forecasting " + all.size() + " series with "
                + probe.name());
    }
}

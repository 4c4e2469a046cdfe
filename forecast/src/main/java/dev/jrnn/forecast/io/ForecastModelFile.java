package dev.jrnn.forecast.io;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.WeightGuard;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.forecast.ForecastMethod;
import dev.jrnn.forecast.ForecastModel;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.NetworkEnsemble;
import dev.jrnn.forecast.StatisticalMethod;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.models.io.Safetensors;
import dev.jrnn.models.io.SafetensorsException;
import dev.jrnn.models.io.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link ForecastModel} in one safetensors file. {@code __metadata__}: {@code format =
 * jrnn-forecast-model}, {@code format_version}, {@code selection}, {@code combination} ({@code MEAN}
 * or {@code MEDIAN}; version 1 files, which lack it, are read as {@code MEAN}), {@code members}, and per member
 * {@code member.<i>.type} ({@code network} or {@code statistical}) and {@code .name}; a statistical
 * member's {@code .kind}, {@code .season}, {@code .horizon}, {@code .level}; a network member's
 * {@code .networks} count, each network stored as a {@link ForecasterFile} under the prefix
 * {@code member.<i>.net.<k>.}; {@code histories} and each {@code history.<s>.name}, with the
 * tensors {@code history.<s>.values} (F64) and, for timestamped series, {@code history.<s>.times}
 * (F64 seconds since 1970-01-01T00:00); {@code times}, {@code utc} where those times are UTC instants
 * ({@link ForecastModel#utcTimes()}), absent otherwise.
 *
 * <p>Reading checks the format and its version (a newer version is refused as such), every count
 * and number strictly and against limits, each network as {@link ForecasterFile} does, and the
 * histories (finite values, whole seconds); any problem is a {@link SafetensorsException} naming
 * the file and the key or tensor.
 */
public final class ForecastModelFile {
    static final String FORMAT = "jrnn-forecast-model";
    static final int VERSION = 2;
    /** Most members a file may declare. */
    public static final int MAX_MEMBERS = 1 << 8;
    /** Most networks in one ensemble member. */
    public static final int MAX_NETWORKS = 1 << 12;
    /** Stored times lie within this many seconds of 1970 (about 300 million years, inside LocalDateTime's range). */
    private static final double MAX_SECONDS = 1e16;

    private ForecastModelFile() {
    }

    /**
     * Writes {@code model} to {@code file} atomically; a model beyond the loading limits is refused
     * before anything is written.
     *
     * @throws dev.jrnn.models.train.NonFiniteException naming the parameter or the series when a
     *         network weight or a stored history value is NaN or infinite (nothing is written)
     */
    public static void write(Path file, ForecastModel model) throws IOException {
        ForecasterFile.limit("members", model.members().size(), MAX_MEMBERS);
        List<Parameter> weights = new ArrayList<>();
        for (ForecastMethod m : model.members()) {
            if (m instanceof StatisticalMethod s) {
                ForecasterFile.limit("season", s.season(), ForecasterFile.MAX_SEASON);
                ForecasterFile.limit("horizon", s.horizon(), ForecasterFile.MAX_HORIZON);
            } else if (m instanceof NetworkEnsemble e) {
                ForecasterFile.limit("networks", e.networks().size(), MAX_NETWORKS);
                e.networks().forEach(f -> weights.addAll(f.parameters()));
            }
        }
        // one weight set per network even while another thread replaces them
        try (WeightGuard.Lease lease = WeightGuard.read(weights)) {
            Map<String, String> meta = new LinkedHashMap<>();
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            meta.put("format", FORMAT);
            meta.put("format_version", "" + VERSION);
            meta.put("selection", model.selection());
            meta.put("combination", model.combination().name());
            meta.put("members", "" + model.members().size());
            for (int i = 0; i < model.members().size(); i++) {
                String p = "member." + i + ".";
                ForecastMethod m = model.members().get(i);
                meta.put(p + "name", m.name());
                if (m instanceof StatisticalMethod s) {
                    meta.put(p + "type", "statistical");
                    meta.put(p + "kind", s.kind().name());
                    meta.put(p + "season", "" + s.season());
                    meta.put(p + "horizon", "" + s.horizon());
                    meta.put(p + "level", "" + s.level());
                } else if (m instanceof NetworkEnsemble e) {
                    meta.put(p + "type", "network");
                    meta.put(p + "networks", "" + e.networks().size());
                    meta.put(p + "combination", e.combination().name());
                    for (int k = 0; k < e.networks().size(); k++) {
                        ForecasterFile.put(p + "net." + k + ".", e.networks().get(k), tensors, meta);
                    }
                }
            }
            Backend host = new ReferenceBackend();
            meta.put("histories", "" + model.histories().size());
            if (model.utcTimes()) {
                meta.put("times", "utc");
            }
            for (int s = 0; s < model.histories().size(); s++) {
                TimeSeries h = model.histories().get(s).requireFinite();
                meta.put("history." + s + ".name", h.name());
                tensors.put("history." + s + ".values", host.fromArray(h.values(), Shape.of(h.length()), DType.FLOAT64));
                if (h.hasTimes()) {
                    double[] t = new double[h.length()];
                    for (int i = 0; i < t.length; i++) {
                        t[i] = h.times()[i].toEpochSecond(ZoneOffset.UTC);
                    }
                    tensors.put("history." + s + ".times", host.fromArray(t, Shape.of(t.length), DType.FLOAT64));
                }
            }
            Safetensors.write(file, tensors, meta);
        }
    }

    /**
     * Reads a model written by {@link #write}, its networks on {@code backend}; a forecaster file
     * ({@link ForecasterFile}) reads as a model of that one network without histories.
     *
     * @throws SafetensorsException for any file that is not a valid forecast model of a version this
     *                              jrnn reads, naming the file and the key or tensor that is wrong
     */
    public static ForecastModel read(Backend backend, Path file) throws IOException {
        SafetensorsFile in = Safetensors.read(file);
        Map<String, String> meta = in.metadata();
        if (ForecasterFile.FORMAT.equals(meta.get("format"))) {
            // one forecaster (Forecaster.save, the Spark job's --train --save): a model of that one network,
            // no stored history, so that whatever reads forecast models reads it too
            Forecaster forecaster = Forecaster.load(backend, file);
            return new ForecastModel(List.of(new NetworkEnsemble("forecaster", List.of(forecaster))), "", List.of());
        }
        if (!FORMAT.equals(meta.get("format"))) {
            throw new SafetensorsException(file, "is not a jrnn forecast model (metadata format is "
                    + meta.get("format") + ", expected " + FORMAT + ")");
        }
        int version = FormatVersion.check(file, "forecast model", meta.getOrDefault("format_version", ""), VERSION);
        try {
            MetadataReader r = new MetadataReader(meta);
            StoredNetworks networks = StoredNetworks.members(in);
            List<ForecastMethod> members = new ArrayList<>();
            int count = r.integer("members", 1, MAX_MEMBERS);
            for (int i = 0; i < count; i++) {
                members.add(member(r, "member." + i + ".", in, networks, backend));
            }
            List<TimeSeries> histories = new ArrayList<>();
            int stored = r.integer("histories", 0, in.names().size());
            for (int s = 0; s < stored; s++) {
                histories.add(history(r, s, in));
            }
            checkTimes(members, histories);
            NetworkEnsemble.Combination combination = version < 2 ? NetworkEnsemble.Combination.MEAN
                    : r.choice("combination", NetworkEnsemble.Combination.class);
            String clock = meta.getOrDefault("times", "");
            if (!clock.isEmpty() && !clock.equals("utc")) {
                throw new IllegalArgumentException("metadata 'times' is '" + clock + "'; the one value read is 'utc'");
            }
            return new ForecastModel(members, combination, meta.getOrDefault("selection", ""), histories)
                    .withUtcTimes(clock.equals("utc"));
        } catch (IllegalArgumentException e) {
            throw new SafetensorsException(file, e.getMessage(), e);
        }
    }

    private static ForecastMethod member(MetadataReader r, String p, SafetensorsFile in, StoredNetworks stored,
                                         Backend backend) throws SafetensorsException {
        String type = r.get(p + "type");
        return switch (type) {
            case "statistical" -> {
                StatisticalMethod.Kind kind = r.choice(p + "kind", StatisticalMethod.Kind.class);
                int season = r.integer(p + "season", 1, ForecasterFile.MAX_SEASON);
                int horizon = r.integer(p + "horizon", 1, ForecasterFile.MAX_HORIZON);
                double level = r.number(p + "level");
                if (!(level > 0 && level < 1)) {
                    throw new IllegalArgumentException("metadata '" + p + "level' is " + level + ", outside (0, 1)");
                }
                yield new StatisticalMethod(kind, season, horizon, level);
            }
            case "network" -> {
                List<Forecaster> nets = new ArrayList<>();
                int k = r.integer(p + "networks", 1, MAX_NETWORKS);
                for (int j = 0; j < k; j++) {
                    nets.add(ForecasterFile.take(p + "net." + j + ".", in, stored, backend));
                }
                // files written before the mean existed combined by the median
                NetworkEnsemble.Combination combination = r.has(p + "combination")
                        ? r.choice(p + "combination", NetworkEnsemble.Combination.class)
                        : NetworkEnsemble.Combination.MEDIAN;
                yield new NetworkEnsemble(r.get(p + "name"), nets, combination);
            }
            default -> throw new IllegalArgumentException("metadata '" + p + "type' is '" + type
                    + "', neither network nor statistical");
        };
    }

    /** Stored series {@code s}: finite values, and whole seconds within the calendar's range as times. */
    private static TimeSeries history(MetadataReader r, int s, SafetensorsFile in) {
        String p = "history." + s + ".";
        String name = r.get(p + "name");
        double[] values = vector(in, p + "values");
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("tensor '" + p + "values' holds " + values[i] + " at " + i
                        + "; a stored history is finite");
            }
        }
        LocalDateTime[] times = null;
        if (in.contains(p + "times")) {
            double[] t = vector(in, p + "times");
            if (t.length != values.length) {
                throw new IllegalArgumentException("tensor '" + p + "times' has " + t.length + " entries for "
                        + values.length + " values");
            }
            times = new LocalDateTime[t.length];
            for (int i = 0; i < t.length; i++) {
                if (!(Math.abs(t[i]) <= MAX_SECONDS) || t[i] != Math.rint(t[i])) {
                    throw new IllegalArgumentException("tensor '" + p + "times' holds " + t[i] + " at " + i
                            + ", not a whole number of seconds within 10^16 of 1970");
                }
                times[i] = LocalDateTime.ofEpochSecond((long) t[i], 0, ZoneOffset.UTC);
            }
        }
        return new TimeSeries(name, values, times);
    }

    /** Timestamps for every stored history when a network reads calendar covariates from them. */
    private static void checkTimes(List<ForecastMethod> members, List<TimeSeries> histories) {
        String reader = null;
        for (ForecastMethod m : members) {
            if (m instanceof NetworkEnsemble e && e.networks().stream().anyMatch(f -> f.calendar().needsTimes())) {
                reader = m.name();
            }
        }
        if (reader == null) {
            return;
        }
        for (TimeSeries h : histories) {
            if (!h.hasTimes()) {
                throw new IllegalArgumentException("the stored history '" + h.name() + "' has no times, but member '"
                        + reader + "' reads calendar covariates from them");
            }
        }
    }

    /** The values of a tensor of rank 1. */
    private static double[] vector(SafetensorsFile in, String name) {
        if (!in.contains(name)) {
            throw new IllegalArgumentException("lacks the tensor '" + name + "'");
        }
        if (in.shape(name).rank() != 1) {
            throw new IllegalArgumentException("tensor '" + name + "' has shape " + in.shape(name)
                    + ", expected one dimension");
        }
        return in.doubles(name);
    }
}

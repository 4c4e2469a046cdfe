package dev.jrnn.api.backend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Discovers {@link BackendProvider}s and selects one, with one precedence: an explicit name (the
 * argument of {@link #select(String)}) &gt; the system property {@value #PROPERTY} &gt; the
 * environment variable {@value #ENVIRONMENT} &gt; the available provider of highest priority, ties
 * broken by name (never by classpath order). Providers of negative priority are chosen only by name.
 *
 * <p>Told what a model asks of a backend ({@link #select(String, Workload)}), the automatic choice
 * goes by estimated time instead: if the highest-priority available candidate declares a
 * {@link CostModel} ({@link BackendProvider#costModel()}), the candidate of the lowest estimate
 * {@code ops * nanosPerOp + flops / gflops} among the available ones that declare one wins, ties
 * broken by priority; if it declares none (a GPU backend, a third-party one), priority decides as
 * without a workload. A name, the property or the environment variable still wins over both.
 *
 * <p>A named backend that is missing or unavailable is an error, never a silent fall back. The
 * choice is logged through {@link System.Logger}, listing every candidate when there are several.
 * A listed provider that fails to load or to list itself ({@link ProviderFailure}) is left out, and
 * every error message and {@link #diagnostics()} name its class and the cause.
 */
public final class Backends {
    /** System property naming the backend. */
    public static final String PROPERTY = "jrnn.backend";
    /** Environment variable naming the backend. */
    public static final String ENVIRONMENT = "JRNN_BACKEND";
    /** The artifacts that provide backends, for error messages. */
    public static final String ARTIFACTS = "one of the artifacts dev.jrnn:jrnn-backend-ejml (pure Java), "
            + "dev.jrnn:jrnn-backend-nd4j (OpenBLAS) or dev.jrnn:jrnn-backend-cuda (NVIDIA GPU) to the classpath";

    private static final System.Logger LOG = System.getLogger(Backends.class.getName());
    private static final Comparator<BackendCandidate> ORDER = Comparator
            .comparingInt(BackendCandidate::priority).reversed()
            .thenComparing(BackendCandidate::name)
            .thenComparing(BackendCandidate::providerClass);

    /** The class a ServiceLoader error names: "Provider a.B not found", "... could not be instantiated". */
    private static final Pattern NAMED_CLASS = Pattern.compile("(?:Provider|class) ([\\w.$]+)");

    private final List<BackendProvider> providers;
    private final List<BackendCandidate> candidates;
    private final List<Optional<CostModel>> costModels;
    private final List<ProviderFailure> failures;
    private final Function<String, String> properties;
    private final Function<String, String> environment;

    private Backends(List<BackendProvider> providers, List<ProviderFailure> loadFailures,
                     Function<String, String> properties, Function<String, String> environment) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.environment = Objects.requireNonNull(environment, "environment");
        List<ProviderFailure> failed = new ArrayList<>(loadFailures);
        List<Listed> listed = new ArrayList<>();
        for (BackendProvider p : providers) {
            try {
                BackendCandidate c = list(p);
                listed.add(new Listed(p, c, c.available() ? costModel(p) : Optional.empty()));
            } catch (RuntimeException | LinkageError e) {
                failed.add(new ProviderFailure(p.getClass().getName(), e.getMessage()));
            }
        }
        listed.sort((x, y) -> ORDER.compare(x.candidate(), y.candidate()));
        this.providers = listed.stream().map(Listed::provider).toList();
        this.candidates = listed.stream().map(Listed::candidate).toList();
        this.costModels = listed.stream().map(Listed::costModel).toList();
        this.failures = List.copyOf(failed);
    }

    private record Listed(BackendProvider provider, BackendCandidate candidate, Optional<CostModel> costModel) {
    }

    /** The providers registered through {@link ServiceLoader}, the system properties and the environment. */
    public static Backends discover() {
        return discover(Thread.currentThread().getContextClassLoader());
    }

    /**
     * The providers registered for {@code loader} (null: the system class loader) through
     * {@link ServiceLoader}, the system properties and the environment.
     */
    public static Backends discover(ClassLoader loader) {
        List<BackendProvider> found = new ArrayList<>();
        List<ProviderFailure> failed = new ArrayList<>();
        load(loader, found, failed);
        return new Backends(found, failed, System::getProperty, System::getenv);
    }

    /** Explicit providers, system properties and environment lookups: for tests and containers. */
    public static Backends of(List<BackendProvider> providers, Function<String, String> properties,
                              Function<String, String> environment) {
        return new Backends(List.copyOf(providers), List.of(), properties, environment);
    }

    /** Explicit providers with the real system properties and environment. */
    public static Backends of(List<BackendProvider> providers) {
        return of(providers, System::getProperty, System::getenv);
    }

    /** Discovers and creates the backend selected by the property, environment or priority. */
    public static Backend get() {
        return discover().select(null);
    }

    /** Discovers and creates the backend named {@code name} (null: as {@link #get()}). */
    public static Backend get(String name) {
        return discover().select(name);
    }

    /**
     * Discovers and creates the backend named {@code name}, else the one selected by the property,
     * the environment or, for {@code workload}, the lowest estimate (see {@link #select(String, Workload)}).
     */
    public static Backend get(String name, Workload workload) {
        return discover().select(name, workload);
    }

    /** Every candidate, highest priority first, ties by name. */
    public List<BackendCandidate> candidates() {
        return candidates;
    }

    /** The listed providers that could not be loaded or listed, in the order they were met. */
    public List<ProviderFailure> failures() {
        return failures;
    }

    /** Creates the selected backend; see {@link #resolve(String)} for the rules and errors. */
    public Backend select(String name) {
        return select(name, null);
    }

    /**
     * Creates the selected backend, choosing by estimated time for {@code workload} when nothing
     * names one; see {@link #resolve(String, Workload)} for the rules and errors. The explanation
     * is logged.
     */
    public Backend select(String name, Workload workload) {
        BackendSelection selection = resolve(name, workload);
        LOG.log(System.Logger.Level.INFO, selection.explanation());
        try {
            return Objects.requireNonNull(selection.provider().create(), "create() returned null");
        } catch (RuntimeException | LinkageError e) {
            throw new BackendUnavailableException("jrnn backend '" + selection.candidate().name()
                    + "' was selected (" + rule(selection.source()) + ") but failed to start: " + e, e);
        }
    }

    /**
     * Chooses a provider without creating its backend.
     *
     * @param name an explicit backend name, or null to consult the property, environment and priorities
     * @throws BackendNotFoundException    if nothing is found, or the named backend is not among those found
     * @throws BackendUnavailableException if the named backend reports itself unavailable
     */
    public BackendSelection resolve(String name) {
        return resolve(name, null);
    }

    /**
     * Chooses a provider without creating its backend. The precedence is that of
     * {@link #resolve(String)}: an explicit name &gt; the property &gt; the environment variable &gt;
     * the automatic choice. The automatic choice with a workload: if the highest-priority available
     * candidate (of priority &gt;= 0) declares no {@link CostModel}, priority decides as without one;
     * otherwise, of the available candidates of priority &gt;= 0 that declare one, the lowest
     * {@link CostModel#nanos(Workload)} {@code = ops * nanosPerOp + flops / gflops} wins, ties broken by
     * priority, and the explanation gives every estimate.
     *
     * @param name     an explicit backend name, or null to consult the property, environment and estimates
     * @param workload what one pass of the model asks of a backend, or null to go by priority alone
     * @throws BackendNotFoundException    if nothing is found, or the named backend is not among those found
     * @throws BackendUnavailableException if the named backend reports itself unavailable
     */
    public BackendSelection resolve(String name, Workload workload) {
        BackendSelection.Source source = BackendSelection.Source.ARGUMENT;
        String requested = blankToNull(name);
        if (requested == null) {
            requested = blankToNull(properties.apply(PROPERTY));
            source = BackendSelection.Source.SYSTEM_PROPERTY;
        }
        if (requested == null) {
            requested = blankToNull(environment.apply(ENVIRONMENT));
            source = BackendSelection.Source.ENVIRONMENT;
        }
        if (requested != null) {
            return byName(requested, source);
        }
        return workload == null ? byPriority() : byEstimate(workload);
    }

    /** The cost model candidate {@code i} (as in {@link #candidates()}) declares, if available and declared. */
    public Optional<CostModel> costModel(BackendCandidate candidate) {
        int i = candidates.indexOf(candidate);
        return i < 0 ? Optional.empty() : costModels.get(i);
    }

    /** Every candidate and what would be chosen now, without creating anything. */
    public BackendDiagnostics diagnostics() {
        String requested = blankToNull(properties.apply(PROPERTY));
        if (requested == null) {
            requested = blankToNull(environment.apply(ENVIRONMENT));
        }
        String choice;
        try {
            choice = resolve(null).explanation();
        } catch (BackendNotFoundException | BackendUnavailableException e) {
            choice = "none: " + e.getMessage();
        }
        Map<String, CostModel> costs = new HashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            int k = i;
            costModels.get(i).ifPresent(m -> costs.putIfAbsent(candidates.get(k).name(), m));
        }
        return new BackendDiagnostics(candidates, requested, choice, failures, costs);
    }

    private BackendSelection byName(String requested, BackendSelection.Source source) {
        String wanted = requested.toLowerCase(Locale.ROOT);
        for (int i = 0; i < candidates.size(); i++) {
            BackendCandidate c = candidates.get(i);
            if (c.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                if (!c.available()) {
                    throw new BackendUnavailableException("jrnn backend '" + c.name() + "' was requested ("
                            + rule(source) + ") but is unavailable: " + c.reason() + " (provider "
                            + c.providerClass() + "). jrnn does not fall back to another backend; " + listing());
                }
                return new BackendSelection(providers.get(i), c, source, "jrnn: using backend '" + c.name()
                        + "' (" + rule(source) + "); " + listing());
            }
        }
        if (!failures.isEmpty()) {
            throw new BackendNotFoundException("jrnn backend '" + requested + "' was requested (" + rule(source)
                    + ") but was not found, and " + failureListing() + "; it may be one of them. " + listing());
        }
        throw new BackendNotFoundException("jrnn backend '" + requested + "' was requested (" + rule(source)
                + ") but is not on the classpath; " + (candidates.isEmpty()
                ? "no backend was found at all. Add " + ARTIFACTS + fatJarHint()
                : listing() + ". Add its artifact, or name one of those found"));
    }

    private BackendSelection byEstimate(Workload workload) {
        BackendSelection top = byPriority();
        int topIndex = candidates.indexOf(top.candidate());
        if (costModels.get(topIndex).isEmpty()) {
            return top; // a backend without a measured cost (a GPU) keeps the place its priority gives it
        }
        int best = -1;
        double bestNanos = Double.POSITIVE_INFINITY;
        List<String> estimates = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            BackendCandidate c = candidates.get(i);
            if (!c.selectableByDefault()) {
                continue;
            }
            Optional<CostModel> model = costModels.get(i);
            if (model.isEmpty()) {
                estimates.add(c.name() + " no cost model");
                continue;
            }
            double nanos = model.get().nanos(workload);
            estimates.add(c.name() + " " + duration(nanos));
            if (nanos < bestNanos) { // candidates are in priority order: a tie keeps the higher priority
                best = i;
                bestNanos = nanos;
            }
        }
        BackendCandidate c = candidates.get(best);
        String why = "jrnn: using backend '" + c.name() + "' (fastest estimate for " + workload.description() + ": "
                + String.join(", ", estimates) + " a pass; name one with -D" + PROPERTY + "=NAME or " + ENVIRONMENT
                + "=NAME); " + listing();
        return new BackendSelection(providers.get(best), c, BackendSelection.Source.ESTIMATE, why);
    }

    /** {@code 850 us}, {@code 1.24 ms}, {@code 2.50 s}. */
    static String duration(double nanos) {
        if (nanos < 1e6) {
            return String.format(Locale.ROOT, "%.0f us", nanos / 1e3);
        }
        return nanos < 1e9 ? String.format(Locale.ROOT, "%.2f ms", nanos / 1e6)
                : String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    private BackendSelection byPriority() {
        for (int i = 0; i < candidates.size(); i++) {
            BackendCandidate c = candidates.get(i);
            if (c.selectableByDefault()) {
                String why = "jrnn: using backend '" + c.name() + "' (" + rule(BackendSelection.Source.PRIORITY)
                        + "; name one with -D" + PROPERTY + "=NAME or " + ENVIRONMENT + "=NAME); " + listing();
                return new BackendSelection(providers.get(i), c, BackendSelection.Source.PRIORITY, why);
            }
        }
        String failed = failures.isEmpty() ? "" : "; " + failureListing();
        throw new BackendNotFoundException("jrnn found no usable backend: " + (candidates.isEmpty()
                ? (failures.isEmpty() ? "no provider of " + BackendProvider.class.getName() + " is on the classpath"
                : "no provider of " + BackendProvider.class.getName() + " could be loaded")
                : listing() + "; backends of negative priority are used only when named")
                + failed + ". Add " + ARTIFACTS + fatJarHint());
    }

    private String failureListing() {
        return failures.size() + " listed provider" + (failures.size() == 1 ? "" : "s") + " failed to load: "
                + failures.stream().map(ProviderFailure::describe).collect(Collectors.joining(", "));
    }

    private String listing() {
        if (candidates.isEmpty()) {
            return "found none";
        }
        return "found " + candidates.size() + ": " + candidates.stream().map(BackendCandidate::describe)
                .collect(Collectors.joining(", "));
    }

    private static String fatJarHint() {
        return ". A fat jar must merge the META-INF/services/" + BackendProvider.class.getName()
                + " files of its dependencies (maven-shade-plugin: ServicesResourceTransformer)";
    }

    private static String rule(BackendSelection.Source source) {
        return switch (source) {
            case ARGUMENT -> "named explicitly";
            case SYSTEM_PROPERTY -> "named by system property " + PROPERTY;
            case ENVIRONMENT -> "named by environment variable " + ENVIRONMENT;
            case PRIORITY -> "highest priority available";
            case ESTIMATE -> "fastest estimate";
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /**
     * Asks a provider for its listing; one whose availability() throws is listed as unavailable with
     * the error.
     *
     * @throws IllegalStateException if name() or priority() throws, naming which
     */
    private static BackendCandidate list(BackendProvider p) {
        String cls = p.getClass().getName();
        String name;
        int priority;
        try {
            name = p.name() == null ? cls : p.name();
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("name() threw " + e, e);
        }
        try {
            priority = p.priority();
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("priority() threw " + e, e);
        }
        String mismatch = ApiVersion.mismatch(p); // built for an incompatible api: listed, never created
        if (mismatch != null) {
            return new BackendCandidate(name, priority, false, mismatch, cls);
        }
        try {
            Availability a = p.availability();
            return a == null
                    ? new BackendCandidate(name, priority, false, "availability() returned null", cls)
                    : new BackendCandidate(name, priority, a.available(), a.reason(), cls);
        } catch (RuntimeException | LinkageError e) {
            return new BackendCandidate(name, priority, false, "availability() threw " + e, cls);
        }
    }

    /** The provider's cost model; one whose costModel() throws or returns null is logged and has none. */
    private static Optional<CostModel> costModel(BackendProvider p) {
        try {
            Optional<CostModel> m = p.costModel();
            return m == null ? Optional.empty() : m;
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "jrnn: backend provider " + p.getClass().getName()
                    + " failed to give its cost model, so it is chosen by priority alone: " + e);
            return Optional.empty();
        }
    }

    /** Every provider {@link ServiceLoader} can make; each one it cannot goes to {@code failed}. */
    private static void load(ClassLoader loader, List<BackendProvider> found, List<ProviderFailure> failed) {
        Iterator<BackendProvider> it = ServiceLoader.load(BackendProvider.class, loader).iterator();
        for (int guard = 0; guard < 1000; guard++) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                ProviderFailure f = failure(e);
                failed.add(f);
                LOG.log(System.Logger.Level.WARNING, "jrnn: skipping a backend provider that failed to load: "
                        + f.describe());
            }
        }
    }

    /** The class a ServiceLoader error is about and its cause, without the service-name prefix. */
    static ProviderFailure failure(ServiceConfigurationError e) {
        String message = String.valueOf(e.getMessage());
        String prefix = BackendProvider.class.getName() + ": ";
        String reason = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        Matcher m = NAMED_CLASS.matcher(reason);
        String cls = m.find() ? m.group(1) : "an unnamed provider";
        if (e.getCause() != null) {
            reason += ": " + e.getCause();
        } else if (reason.endsWith(" not found")) {
            reason += ": is the name in META-INF/services/" + BackendProvider.class.getName()
                    + " spelled right, and its jar on the classpath?";
        }
        return new ProviderFailure(cls, reason);
    }
}

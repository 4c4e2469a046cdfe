package dev.jrnn.api.backend;

/**
 * Which provider {@link Backends} chose and why, before the backend is created.
 *
 * @param provider    the chosen provider
 * @param candidate   how it was listed
 * @param source      what decided the choice
 * @param explanation the sentence that is logged: the winner, the rule and every candidate
 */
public record BackendSelection(BackendProvider provider, BackendCandidate candidate, Source source,
                               String explanation) {

    /** What decided the choice, in order of precedence. */
    public enum Source {
        /** a name passed to {@link Backends#select(String)} (or a Guice binding built on it) */
        ARGUMENT,
        /** the system property {@value Backends#PROPERTY} */
        SYSTEM_PROPERTY,
        /** the environment variable {@value Backends#ENVIRONMENT} */
        ENVIRONMENT,
        /** the highest priority available backend, ties broken by name */
        PRIORITY,
        /**
         * the lowest estimated time of a {@link Workload} among the available backends that declare a
         * {@link CostModel}, ties broken by priority ({@link Backends#select(String, Workload)})
         */
        ESTIMATE
    }
}

package dev.jrnn.api.backend;

/**
 * One discovered {@link BackendProvider} as {@link Backends} sees it.
 *
 * @param name          the provider's name
 * @param priority      the provider's priority (negative: chosen only when named)
 * @param available     whether the provider reported itself available
 * @param reason        the provider's availability reason
 * @param providerClass the provider's class name, to tell duplicates apart
 */
public record BackendCandidate(String name, int priority, boolean available, String reason, String providerClass) {

    /** Whether this candidate may be picked when no backend is named. */
    public boolean selectableByDefault() {
        return available && priority >= 0;
    }

    /** One line: {@code ejml (priority 100, available: pure Java)}. */
    public String describe() {
        return name + " (priority " + priority + ", " + (available ? "available" : "unavailable") + ": " + reason + ")";
    }
}

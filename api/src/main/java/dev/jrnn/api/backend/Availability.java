package dev.jrnn.api.backend;

/**
 * Whether a backend can run here, and if not, why.
 *
 * @param available whether {@link BackendProvider#create()} is expected to succeed
 * @param reason    a sentence a user can act on: why not, or what was found (device, library)
 */
public record Availability(boolean available, String reason) {

    public static Availability available(String detail) {
        return new Availability(true, detail);
    }

    public static Availability unavailable(String reason) {
        return new Availability(false, reason);
    }
}

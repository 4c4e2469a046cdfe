package dev.jrnn.api.reference;

import dev.jrnn.api.backend.ApiVersion;
import dev.jrnn.api.backend.Availability;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.BackendProvider;

/**
 * Lists the {@link ReferenceBackend} under the name {@code reference} with a negative priority, so
 * it is available everywhere but chosen only when named (it is slow by design).
 */
public final class ReferenceBackendProvider implements BackendProvider {
    /** Below every real backend: {@link dev.jrnn.api.backend.Backends} never picks it unless named. */
    public static final int PRIORITY = -100;

    @Override
    public String name() {
        return ReferenceBackend.NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Availability availability() {
        return Availability.available("plain Java, always available; slow by design, selected only when named");
    }

    @Override
    public Backend create() {
        return new ReferenceBackend();
    }

    @Override
    public String apiVersion() {
        return ApiVersion.CURRENT;
    }
}

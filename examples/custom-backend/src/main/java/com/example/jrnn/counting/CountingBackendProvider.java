package com.example.jrnn.counting;

import dev.jrnn.api.backend.Availability;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.BackendProvider;

/**
 * Registers {@link CountingBackend} in {@code META-INF/services/dev.jrnn.api.backend.BackendProvider}.
 * Its priority is negative, so it is available everywhere but used only when named
 * ({@code --backend counting}, {@code -Djrnn.backend=counting} or {@code JRNN_BACKEND=counting}):
 * an instrument should never be picked by accident.
 */
public final class CountingBackendProvider implements BackendProvider {
    /** Below every real backend, above the plain reference backend. */
    public static final int PRIORITY = -50;

    @Override
    public String name() {
        return CountingBackend.NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Availability availability() {
        return Availability.available("plain Java, the reference math with a counter of every primitive call; "
                + "selected only when named");
    }

    @Override
    public Backend create() {
        return new CountingBackend();
    }
}

package com.example.jrnn.arrays;

import dev.jrnn.api.backend.ApiVersion;
import dev.jrnn.api.backend.Availability;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.BackendProvider;

/**
 * Registers {@link ArrayBackend} in {@code META-INF/services/dev.jrnn.api.backend.BackendProvider}
 * under the name {@code arrays}. Its priority is negative, so it is used only when named
 * ({@code --backend arrays}, {@code -Djrnn.backend=arrays} or {@code JRNN_BACKEND=arrays}).
 */
public final class ArrayBackendProvider implements BackendProvider {
    /** Below every real backend: an example is never picked by accident. */
    public static final int PRIORITY = -50;

    @Override
    public String name() {
        return ArrayBackend.NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Availability availability() {
        return Availability.available("plain Java on arrays, runs everywhere; selected only when named");
    }

    @Override
    public Backend create() {
        return new ArrayBackend();
    }

    /** The api version this jar was compiled against: the constant is copied in at compile time. */
    @Override
    public String apiVersion() {
        return ApiVersion.CURRENT;
    }
}

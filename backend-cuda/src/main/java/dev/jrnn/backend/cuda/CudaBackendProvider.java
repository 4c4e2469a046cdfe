package dev.jrnn.backend.cuda;

import dev.jrnn.api.backend.ApiVersion;
import dev.jrnn.api.backend.Availability;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.BackendProvider;
import dev.jrnn.api.backend.BackendUnavailableException;

/**
 * Lists the {@link CudaBackend} under the name {@code cuda}, above the CPU backends. Its
 * availability comes from a guarded, cached probe of the NVIDIA driver ({@link CudaProbe}): on a
 * machine without the driver or a GPU it is unavailable with the reason, and {@link #create()}
 * throws that reason rather than falling back to another backend.
 */
public final class CudaBackendProvider implements BackendProvider {
    /** The name users select this backend by. */
    public static final String NAME = "cuda";
    /** Above the native CPU backends: a usable GPU wins when no backend is named. */
    public static final int PRIORITY = 300;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Availability availability() {
        return CudaProbe.availability();
    }

    /**
     * Creates a backend on device {@value CudaProbe#DEVICE}.
     *
     * @throws BackendUnavailableException with the probe's reason when the backend cannot run here
     */
    @Override
    public Backend create() {
        Availability availability = availability();
        if (!availability.available()) {
            throw new BackendUnavailableException("backend 'cuda' is unavailable: " + availability.reason());
        }
        try {
            return new CudaBackend(CudaContext.open(CudaProbe.DEVICE));
        } catch (RuntimeException | LinkageError e) {
            throw new BackendUnavailableException("backend 'cuda' could not start on " + availability.reason() + ": "
                    + CudaProbe.firstLine(e), e);
        }
    }

    @Override
    public String apiVersion() {
        return ApiVersion.CURRENT;
    }
}

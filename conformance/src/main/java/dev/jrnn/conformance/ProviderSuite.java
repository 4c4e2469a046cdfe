package dev.jrnn.conformance;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.backend.Availability;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.BackendProvider;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The backend's {@link BackendProvider}, as {@link dev.jrnn.api.backend.Backends} will meet it:
 * registered so that {@link java.util.ServiceLoader} loads it, named as the backend, with an
 * {@code availability()} that never throws, and a {@code create()} that gives a working backend of
 * the class under test. A test double with no provider opts out of {@link OpFamily#PROVIDER}.
 */
@Family(OpFamily.PROVIDER)
public interface ProviderSuite extends KitSuite {

    @Test
    @DisplayName("the backend's provider is listed in META-INF/services and ServiceLoader loads it")
    default void providerIsRegistered() {
        ProviderLookup lookup = ProviderLookup.of(subject());
        if (lookup.providers().isEmpty()) {
            throw new AssertionError(lookup.whyMissing());
        }
    }

    @Test
    @DisplayName("the provider's name() is the backend's name()")
    default void providerNameMatches() {
        for (BackendProvider p : providers()) {
            String name = p.name();
            if (!subject().name().equals(name)) {
                throw new AssertionError("provider " + p.getClass().getName() + " is named '" + name
                        + "' but its backend's name() is '" + subject().name() + "': users select a backend by the"
                        + " provider's name, and messages name it by the backend's");
            }
        }
    }

    @Test
    @DisplayName("the provider's availability() and priority() never throw, and it says the backend is available here")
    default void availabilityNeverThrows() {
        for (BackendProvider p : providers()) {
            String cls = p.getClass().getName();
            Availability a;
            try {
                a = p.availability();
                p.priority();
            } catch (RuntimeException | LinkageError e) {
                throw new AssertionError("provider " + cls + ": availability() or priority() threw " + e
                        + "; they must report a problem as Availability.unavailable(reason), never throw", e);
            }
            if (a == null || a.reason() == null || a.reason().isBlank()) {
                throw new AssertionError("provider " + cls + ": availability() gave " + a + "; it must give a reason a"
                        + " user can act on");
            }
            if (!a.available()) {
                throw new AssertionError("provider " + cls + ": availability() says unavailable (" + a.reason()
                        + ") where the backend under test runs");
            }
        }
    }

    @Test
    @DisplayName("the provider's create() gives a working backend of the class under test")
    default void createGivesAWorkingBackend() {
        for (BackendProvider p : providers()) {
            String cls = p.getClass().getName();
            Backend created;
            try {
                created = p.create();
            } catch (RuntimeException | LinkageError e) {
                throw new AssertionError("provider " + cls + ": create() threw " + e, e);
            }
            if (created == null) {
                throw new AssertionError("provider " + cls + ": create() returned null");
            }
            if (created.getClass() != subject().getClass()) {
                throw new AssertionError("provider " + cls + ": create() gave a " + created.getClass().getName()
                        + ", the kit tests a " + subject().getClass().getName());
            }
            TensorScope scope = TensorScope.open();
            try {
                for (DType dtype : kit().dtypes()) {
                    double[] data = {0.5, -1.0, 2.0, 0.25, -0.75, 1.5};
                    Tensor a = created.fromArray(data, Shape.of(2, 3), dtype);
                    Tensor b = oracle().fromArray(data, Shape.of(2, 3), dtype);
                    assertClose("tanh(a) a^T on the backend create() gave", oracle().matmul(oracle().tanh(b), false, b, true),
                            oracle().transfer(created.matmul(created.tanh(a), false, a, true)));
                    assertClose("a + a on the backend create() gave", oracle().add(b, b), oracle().transfer(created.add(a, a)));
                }
            } finally {
                scope.close();
            }
        }
    }

    /** The backend's providers, or the test is skipped when there is none (providerIsRegistered fails then). */
    private List<BackendProvider> providers() {
        ProviderLookup lookup = ProviderLookup.of(subject());
        Assumptions.assumeFalse(lookup.providers().isEmpty(),
                "no provider of the backend was found, so there is nothing to check here (see providerIsRegistered)");
        return lookup.providers();
    }
}

package dev.jrnn.api.backend;

import dev.jrnn.api.reference.ReferenceBackend;
import java.util.Optional;

/** A provider with a fixed name, priority, availability and cost model (null: none); creates a reference backend. */
record CostedProvider(String name, int priority, Availability availability, CostModel model) implements BackendProvider {

    static CostedProvider of(String name, int priority, double nanosPerOp, double gflops) {
        return new CostedProvider(name, priority, Availability.available(name + " is ready"),
                new CostModel(nanosPerOp, gflops));
    }

    @Override
    public Optional<CostModel> costModel() {
        return Optional.ofNullable(model);
    }

    @Override
    public Backend create() {
        return new ReferenceBackend();
    }
}

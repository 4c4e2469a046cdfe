package dev.jrnn.api.backend;

import dev.jrnn.api.reference.ReferenceBackend;

/** A provider with a fixed name, priority and availability; creates a reference backend. */
record FakeProvider(String name, int priority, Availability availability) implements BackendProvider {

    static FakeProvider available(String name, int priority) {
        return new FakeProvider(name, priority, Availability.available(name + " is ready"));
    }

    static FakeProvider unavailable(String name, int priority, String reason) {
        return new FakeProvider(name, priority, Availability.unavailable(reason));
    }

    @Override
    public Backend create() {
        return new ReferenceBackend();
    }
}

package dev.jrnn.api.backend;

import dev.jrnn.api.reference.ReferenceBackend;

/** Providers with the mistakes a third party makes, listed through a services file by the tests. */
public final class BrokenProviders {
    private BrokenProviders() {
    }

    /** Its constructor throws, so ServiceLoader cannot make it. */
    public static final class ThrowingConstructor extends Named {
        public ThrowingConstructor() {
            super("ctor");
            throw new IllegalStateException("native library libfoo.so is missing");
        }
    }

    /** Its availability() throws instead of reporting unavailable. */
    public static final class ThrowingAvailability extends Named {
        public ThrowingAvailability() {
            super("flaky");
        }

        @Override
        public Availability availability() {
            throw new IllegalStateException("driver probe crashed");
        }
    }

    /** Its name() throws. */
    public static final class ThrowingName extends Named {
        public ThrowingName() {
            super("nameless");
        }

        @Override
        public String name() {
            throw new UnsupportedOperationException("name not configured");
        }
    }

    /** A well-behaved provider of the reference math under another name. */
    public abstract static class Named implements BackendProvider {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int priority() {
            return 10;
        }

        @Override
        public Availability availability() {
            return Availability.available("always");
        }

        @Override
        public Backend create() {
            return new ReferenceBackend();
        }
    }
}

package dev.jrnn.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The messages of a failure that Spark may have wrapped in its own exceptions, and checks on them. */
final class FailureMessages {
    private FailureMessages() {
    }

    /** The messages of {@code e} and of every cause, a line each. */
    static String of(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    /** Asserts that {@code message} names every one of {@code parts}. */
    static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "the message should mention '" + p + "': " + message);
        }
    }
}

package dev.jrnn.api.backend;

/**
 * The version of jrnn-api, and the check that a {@link BackendProvider} was built for a
 * compatible one, so that a provider built for another api is reported by name and versions
 * instead of failing later with an {@link AbstractMethodError} or {@link NoSuchMethodError}.
 *
 * <p>A provider declares its version by returning {@link #CURRENT} from
 * {@link BackendProvider#apiVersion()}: {@code CURRENT} is a compile-time constant, so javac copies
 * its value into the provider's class, which then keeps the version of the api it was compiled
 * against whatever api it later runs with.
 *
 * <p>Versions are {@code MAJOR.MINOR.PATCH} (a qualifier such as {@code -SNAPSHOT} is ignored). A
 * provider is compatible when its major version is the running api's and its {@code MAJOR.MINOR}
 * is not above the running one's (a patch release adds no API). Before 1.0 a minor release may
 * change the backend SPI, so a {@code 0.x} provider must match the running minor version.
 */
public final class ApiVersion {
    /** This api's version, {@code MAJOR.MINOR.PATCH}; equal to the artifact's version without its qualifier. */
    public static final String CURRENT = "0.1.0";

    private ApiVersion() {
    }

    /**
     * Why {@code provider} cannot run on this api, or null when it can.
     *
     * @return a message naming the provider, the version it declares and {@link #CURRENT}
     */
    public static String mismatch(BackendProvider provider) {
        return mismatch(provider, CURRENT);
    }

    /** {@link #mismatch(BackendProvider)} against a running api of version {@code running}. */
    static String mismatch(BackendProvider provider, String running) {
        String declared;
        try {
            declared = provider.apiVersion();
        } catch (RuntimeException | LinkageError e) {
            return describe(provider) + " could not tell the jrnn-api version it was built for: apiVersion() threw " + e;
        }
        int[] wanted = parse(declared);
        int[] present = parse(running);
        if (wanted == null) {
            return describe(provider) + " declares jrnn-api version '" + declared
                    + "', which is not MAJOR.MINOR.PATCH; this is jrnn-api " + running;
        }
        String why;
        if (wanted[0] != present[0]) {
            why = "a different major version";
        } else if (present[0] == 0 && wanted[1] != present[1]) {
            why = "a different 0.x minor version (before 1.0 a minor release may change the backend SPI)";
        } else if (wanted[1] > present[1]) {
            why = "a newer api than the one on the classpath";
        } else {
            return null;
        }
        return describe(provider) + " was built for jrnn-api " + declared + ", but this is jrnn-api " + running
                + ": " + why + ". Use a build of the provider for jrnn-api " + present[0] + "." + present[1]
                + ".x, or the jrnn version it was built for";
    }

    /** {@code [major, minor, patch]} of a version such as {@code 1.2.3} or {@code 1.2.3-SNAPSHOT}, or null. */
    static int[] parse(String version) {
        if (version == null) {
            return null;
        }
        String plain = version.trim();
        int qualifier = plain.indexOf('-');
        if (qualifier >= 0) {
            plain = plain.substring(0, qualifier);
        }
        String[] parts = plain.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        int[] numbers = new int[3];
        for (int i = 0; i < 3; i++) {
            if (parts[i].isEmpty() || !parts[i].chars().allMatch(Character::isDigit) || parts[i].length() > 9) {
                return null;
            }
            numbers[i] = Integer.parseInt(parts[i]);
        }
        return numbers;
    }

    private static String describe(BackendProvider provider) {
        String name;
        try {
            name = provider.name();
        } catch (RuntimeException | LinkageError e) {
            name = null;
        }
        return "jrnn backend provider '" + name + "' (" + provider.getClass().getName() + ")";
    }
}

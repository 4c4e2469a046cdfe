package dev.jrnn.api.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiVersionTest {

    /** A provider that declares {@code version} and counts the backends it is asked to create. */
    private static final class Declaring implements BackendProvider {
        private final String version;
        final AtomicInteger created = new AtomicInteger();

        Declaring(String version) {
            this.version = version;
        }

        @Override
        public String name() {
            return "declaring";
        }

        @Override
        public int priority() {
            return 100;
        }

        @Override
        public Availability availability() {
            return Availability.available("ready");
        }

        @Override
        public Backend create() {
            created.incrementAndGet();
            return new dev.jrnn.api.reference.ReferenceBackend();
        }

        @Override
        public String apiVersion() {
            if (version.equals("throws")) {
                throw new IllegalStateException("no version");
            }
            return version;
        }
    }

    @Test
    @DisplayName("CURRENT is the artifact's version without its qualifier")
    void currentIsTheArtifactVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = ApiVersionTest.class.getResourceAsStream("project-version.properties")) {
            p.load(in);
        }
        String artifact = p.getProperty("version");
        assertFalse(artifact.startsWith("${"), "the build did not filter project-version.properties");
        assertEquals(artifact.replaceFirst("-.*$", ""), ApiVersion.CURRENT,
                "ApiVersion.CURRENT must follow the version in the pom");
    }

    @Test
    @DisplayName("versions parse as MAJOR.MINOR.PATCH with an optional qualifier")
    void parses() {
        assertArrayEquals(new int[] {1, 2, 3}, ApiVersion.parse("1.2.3"));
        assertArrayEquals(new int[] {0, 1, 0}, ApiVersion.parse("0.1.0-SNAPSHOT"));
        assertNull(ApiVersion.parse("1.2"));
        assertNull(ApiVersion.parse("one.two.three"));
        assertNull(ApiVersion.parse(null));
    }

    @Test
    @DisplayName("a provider of the same version, an older minor after 1.0 or a patch apart is compatible")
    void compatible() {
        assertNull(ApiVersion.mismatch(new Declaring(ApiVersion.CURRENT)));
        assertNull(ApiVersion.mismatch(FakeProvider.available("plain", 1)), "an undeclared version is the running one");
        assertNull(ApiVersion.mismatch(new Declaring("1.2.0"), "1.3.1"));
        assertNull(ApiVersion.mismatch(new Declaring("0.4.7"), "0.4.2"));
    }

    @Test
    @DisplayName("another major, another minor before 1.0 or a newer minor fail naming the provider and both versions")
    void incompatible() {
        String major = ApiVersion.mismatch(new Declaring("2.0.0"), "1.4.0");
        assertTrue(major.contains("'declaring'") && major.contains(Declaring.class.getName()), major);
        assertTrue(major.contains("built for jrnn-api 2.0.0") && major.contains("this is jrnn-api 1.4.0"), major);
        assertTrue(major.contains("different major version"), major);
        assertTrue(ApiVersion.mismatch(new Declaring("1.5.0"), "1.4.0").contains("newer api"));
        assertTrue(ApiVersion.mismatch(new Declaring("0.2.0"), "0.1.0").contains("0.x minor"));
        assertTrue(ApiVersion.mismatch(new Declaring("0.1.0"), "0.2.0").contains("0.x minor"));
        assertTrue(ApiVersion.mismatch(new Declaring("latest"), "0.1.0").contains("not MAJOR.MINOR.PATCH"));
        assertTrue(ApiVersion.mismatch(new Declaring("throws"), "0.1.0").contains("apiVersion() threw"));
    }

    @Test
    @DisplayName("Backends lists an incompatible provider as unavailable with the reason and never creates it")
    void backendsNeverCreatesAnIncompatibleProvider() {
        Declaring newer = new Declaring("99.0.0");
        Backends backends = Backends.of(List.of(newer), key -> null, key -> null);
        BackendCandidate c = backends.candidates().get(0);
        assertFalse(c.available());
        assertTrue(c.reason().contains("built for jrnn-api 99.0.0, but this is jrnn-api " + ApiVersion.CURRENT), c.reason());
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> backends.select("declaring"));
        assertTrue(e.getMessage().contains("99.0.0") && e.getMessage().contains(ApiVersion.CURRENT), e.getMessage());
        assertThrows(BackendNotFoundException.class, () -> backends.select(null));
        assertEquals(0, newer.created.get(), "create() was called");
    }

    @Test
    @DisplayName("a provider compiled against a newer api keeps that version, and Backends refuses it by name")
    void providerCompiledAgainstANewerApi(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src");
        Path classes = dir.resolve("classes");
        Files.createDirectories(src.resolve("dev/jrnn/api/backend"));
        Files.createDirectories(src.resolve("com/example/future"));
        Files.createDirectories(classes);
        // the newer api as the provider's author compiled against it
        Path newerApi = Files.writeString(src.resolve("dev/jrnn/api/backend/ApiVersion.java"),
                "package dev.jrnn.api.backend;\npublic final class ApiVersion {\n"
                        + "    public static final String CURRENT = \"7.0.0\";\n}\n");
        Path provider = Files.writeString(src.resolve("com/example/future/FutureProvider.java"), """
                package com.example.future;
                import dev.jrnn.api.backend.ApiVersion;
                import dev.jrnn.api.backend.Availability;
                import dev.jrnn.api.backend.Backend;
                import dev.jrnn.api.backend.BackendProvider;
                public final class FutureProvider implements BackendProvider {
                    public String name() { return "future"; }
                    public int priority() { return 500; }
                    public Availability availability() { return Availability.available("built for a later jrnn"); }
                    public Backend create() { throw new AbstractMethodError("an op this api does not have"); }
                    @Override public String apiVersion() { return ApiVersion.CURRENT; }
                }
                """);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String apiClasses = Path.of(BackendProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        int status = javac.run(null, null, null, "-d", classes.toString(), "-cp", apiClasses,
                newerApi.toString(), provider.toString());
        assertEquals(0, status, "javac failed");

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ApiVersionTest.class.getClassLoader())) {
            BackendProvider future = (BackendProvider) loader.loadClass("com.example.future.FutureProvider")
                    .getDeclaredConstructor().newInstance();
            assertEquals("7.0.0", future.apiVersion(), "the constant was compiled into the provider");
            Backends backends = Backends.of(List.of(future, FakeProvider.available("ejml", 100)), key -> null, key -> null);
            assertEquals("ejml", backends.resolve(null).candidate().name(), "the incompatible provider is skipped");
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                    () -> backends.select("future"));
            assertTrue(e.getMessage().contains("jrnn backend provider 'future' (com.example.future.FutureProvider)"
                    + " was built for jrnn-api 7.0.0, but this is jrnn-api " + ApiVersion.CURRENT), e.getMessage());
        }
    }
}

package dev.jrnn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The shipped PTX is what build-ptx.sh makes from the current kernel sources: each .ptx starts with
 * the SHA-256 of its .cu. Runs from the module folder, without nvcc and without a GPU.
 */
@DisplayName("the shipped PTX resources")
class PtxSourceSyncTest {
    static final Path SOURCES = Path.of("src", "main", "cuda");
    static final Path RESOURCES = Path.of("src", "main", "resources", "dev", "jrnn", "backend", "cuda");
    static final String HEADER = "// jrnn-source-sha256: ";

    @Test
    @DisplayName("match their CUDA sources: rerun src/main/cuda/build-ptx.sh after editing a kernel")
    void ptxMatchesSources() throws IOException, NoSuchAlgorithmException {
        List<String> sources = names(SOURCES, ".cu");
        assertFalse(sources.isEmpty(), "no kernel sources in " + SOURCES.toAbsolutePath());
        for (String name : sources) {
            Path ptx = RESOURCES.resolve(name + ".ptx");
            assertTrue(Files.isRegularFile(ptx), name + ".cu has no " + ptx + ": run build-ptx.sh");
            String firstLine = Files.readAllLines(ptx).get(0);
            assertTrue(firstLine.startsWith(HEADER), ptx + " lacks its source hash line: run build-ptx.sh");
            String expected = sha256(Files.readAllBytes(SOURCES.resolve(name + ".cu")));
            assertEquals(expected, firstLine.substring(HEADER.length()).strip(),
                    ptx + " was built from another version of " + name + ".cu: run build-ptx.sh");
        }
    }

    @Test
    @DisplayName("have a CUDA source each, so none is stale")
    void everyPtxHasASource() throws IOException {
        assertEquals(names(SOURCES, ".cu"), names(RESOURCES, ".ptx"));
    }

    @Test
    @DisplayName("target compute_80 at PTX ISA 8.0, loadable by every CUDA 12 driver")
    void ptxTargetsTheDocumentedVersion() throws IOException {
        for (String name : names(RESOURCES, ".ptx")) {
            String text = Files.readString(RESOURCES.resolve(name + ".ptx"));
            assertEquals("8.0", KernelModule.isaVersion(text), name + ".ptx");
            assertTrue(text.contains("\n.target sm_80\n"), name + ".ptx should target sm_80");
        }
    }

    static List<String> names(Path folder, String extension) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(extension))
                    .map(n -> n.substring(0, n.length() - extension.length()))
                    .collect(Collectors.toCollection(TreeSet::new))
                    .stream().toList();
        }
    }

    static String sha256(byte[] data) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}

package dev.jrnn.models.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    /** Above Linux's largest pid (2^22), so never a running process. */
    private static final long DEAD_PID = 2_147_483_647L;

    private static void write(Path f, String text) throws IOException {
        AtomicFile.write(f, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static Set<String> names(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    @Test
    @DisplayName("a failing write leaves the previous file as it was, no temporary file, and names the file")
    void failureKeepsThePreviousFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("a.csv");
        write(f, "old");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(f, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("No space left on device");
        }));
        assertEquals("cannot write " + f + ": No space left on device", e.getMessage());
        assertThrows(UncheckedIOException.class, () -> AtomicFile.write(f, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new UncheckedIOException(new IOException("broken pipe"));
        }));
        assertEquals("old", Files.readString(f));
        assertEquals(Set.of("a.csv"), names(dir));
    }

    @Test
    @DisplayName("a new file is readable by all, a replaced file keeps its permissions (0660, 0640)")
    void permissions(@TempDir Path dir) throws IOException {
        assumeTrue(posix(), "POSIX file system");
        Path f = dir.resolve("sub/b.csv");
        AtomicFile.write(f, out -> out.write(1));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        for (String mode : List.of("rw-rw----", "rw-r-----")) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
            AtomicFile.write(f, out -> out.write(2));
            assertEquals(mode, PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        }
    }

    @Test
    @DisplayName("writing through a symbolic link replaces the file it points to; the link stays a link")
    void followsSymbolicLinks(@TempDir Path dir) throws IOException {
        Path real = dir.resolve("models/real.bin");
        write(real, "old");
        if (posix()) {
            Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r-----"));
        }
        Path absolute = Files.createSymbolicLink(dir.resolve("latest.bin"), real);
        Path relative = Files.createSymbolicLink(dir.resolve("again.bin"), Path.of("latest.bin"));
        write(relative, "new");
        assertTrue(Files.isSymbolicLink(absolute) && Files.isSymbolicLink(relative));
        assertEquals("new", Files.readString(real));
        if (posix()) {
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(real)));
        }
        Path dangling = Files.createSymbolicLink(dir.resolve("next.bin"), Path.of("models/next.bin"));
        write(dangling, "first");
        assertTrue(Files.isSymbolicLink(dangling));
        assertEquals("first", Files.readString(dir.resolve("models/next.bin")));
        assertEquals(Set.of("real.bin", "next.bin"), names(dir.resolve("models")));
    }

    @Test
    @DisplayName("the next write removes temporary files of the target left by dead or earlier processes once a minute old")
    void removesStaleTemporaryFiles(@TempDir Path dir) throws IOException, InterruptedException {
        Path f = dir.resolve("m.safetensors");
        long self = ProcessHandle.current().pid();
        Process alive = new ProcessBuilder("sleep", "30").start();
        try {
            FileTime old = FileTime.from(Instant.now().minus(AtomicFile.STALE_AFTER).minusSeconds(60));
            List<String> stale = List.of(".m.safetensors." + DEAD_PID + ".123.tmp",
                    ".m.safetensors." + self + ".456.tmp", ".m.safetensors.789.tmp");
            List<String> kept = List.of(".m.safetensors." + alive.pid() + ".1.tmp", ".other.csv." + DEAD_PID + ".2.tmp",
                    ".m.safetensors.notes.tmp", "m.safetensors.bak");
            for (String n : stale) {
                Files.setLastModifiedTime(Files.writeString(dir.resolve(n), "x"), old);
            }
            for (String n : kept) {
                Files.setLastModifiedTime(Files.writeString(dir.resolve(n), "x"), old);
            }
            String fresh = ".m.safetensors." + DEAD_PID + ".999.tmp";
            Files.writeString(dir.resolve(fresh), "being written elsewhere");
            write(f, "model");
            Set<String> left = names(dir);
            for (String n : stale) {
                assertFalse(left.contains(n), n + " is stale: " + left);
            }
            for (String n : kept) {
                assertTrue(left.contains(n), n + " is not stale: " + left);
            }
            assertTrue(left.contains(fresh), "touched within the minute: " + left);
        } finally {
            alive.destroyForcibly().waitFor();
        }
    }

    @Test
    @DisplayName("errors name the file: a file in the way of its directory, an output that is a directory")
    void errorsNameTheFile(@TempDir Path dir) throws IOException {
        Path blocker = Files.writeString(dir.resolve("plain"), "x");
        Path under = blocker.resolve("out.csv");
        IOException e = assertThrows(IOException.class, () -> write(under, "y"));
        assertTrue(e.getMessage().startsWith("cannot write " + under + ": "), e.getMessage());
        IOException notDir = assertThrows(IOException.class, () -> AtomicFile.checkWritable(under));
        assertEquals("cannot write " + under + ": " + blocker + " is not a directory", notDir.getMessage());
        IOException isDir = assertThrows(IOException.class, () -> AtomicFile.checkWritable(dir));
        assertEquals("cannot write " + dir + ": it is a directory", isDir.getMessage());
        AtomicFile.checkWritable(dir.resolve("new/sub/file.csv"));
        assertEquals(Set.of("plain"), names(dir), "checking creates nothing");
    }
}

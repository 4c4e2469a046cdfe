package dev.jrnn.models.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a file so that a crash never leaves it half-written: to a temporary file beside the
 * target, flushed to disk, then renamed over it (atomically where the file system can). Every save
 * of jrnn goes through here.
 *
 * <ul>
 *   <li>The file keeps the POSIX permissions of the file it replaces; a new one gets
 *       {@code rw-r--r--} (a temporary file alone would be private to its owner).</li>
 *   <li>A symbolic link is followed: the file it points to is replaced and the link stays a link.</li>
 *   <li>Every failure is an {@link IOException} whose message names the target, for example
 *       {@code cannot write model.safetensors: No space left on device}; the previous file is then
 *       untouched and the temporary file removed.</li>
 *   <li>The temporary file is {@code .<name>.<pid>.<random>.tmp}, {@code pid} the writing process.
 *       One left behind by a process that was killed (no code runs on {@code kill -9}) is removed by
 *       the next write of the same target once it is stale: untouched for a minute and not being
 *       written by this process, and its owner is not a running process here, or is this one (a
 *       restarted container often gets the same pid). Temporary files of a JVM that exits normally or
 *       on a signal other than {@code SIGKILL} are removed by a shutdown hook.</li>
 * </ul>
 */
public final class AtomicFile {
    /** How long a temporary file must have been untouched before another write may remove it. */
    public static final Duration STALE_AFTER = Duration.ofMinutes(1);
    private static final Set<PosixFilePermission> NEW_FILE = PosixFilePermissions.fromString("rw-r--r--");
    private static final String SUFFIX = ".tmp";
    /** Long names are cut in the temporary file's name, which must stay within the usual 255 bytes. */
    private static final int NAME_IN_TEMP = 120;
    private static final int MAX_LINKS = 40;
    private static final Pattern OWNED = Pattern.compile("(\\d+)\\.\\d+");
    /** Temporary files of earlier versions, without the pid. */
    private static final Pattern UNOWNED = Pattern.compile("\\d+");
    private static final Set<Path> IN_PROGRESS = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    /** Writes the bytes it is given to an output stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {
    }

    /**
     * Writes {@code content} to {@code target} (to the file it links to, if a symbolic link),
     * creating its directory if needed.
     *
     * @throws IOException naming {@code target}; the previous file is untouched and no temporary file is left
     */
    public static void write(Path target, Content content) throws IOException {
        Path file;
        try {
            file = followLinks(target.toAbsolutePath());
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw named(target, e);
        }
        removeStale(file);
        Path temp = null;
        try {
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            Set<PosixFilePermission> permissions = posix ? permissions(file) : null;
            temp = posix
                    ? Files.createTempFile(file.getParent(), prefix(file), SUFFIX,
                    PosixFilePermissions.asFileAttribute(permissions))
                    : Files.createTempFile(file.getParent(), prefix(file), SUFFIX);
            track(temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = Channels.newOutputStream(channel);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            if (posix) {
                Files.setPosixFilePermissions(temp, permissions);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException ex) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(file.getParent());
        } catch (IOException e) {
            throw named(target, e);
        } finally {
            if (temp != null) {
                deleteQuietly(temp);
                IN_PROGRESS.remove(temp);
            }
        }
    }

    /**
     * Fails, naming {@code target}, when {@link #write} could not write it: it is a directory, or
     * the nearest existing directory above it (which {@code write} would create the rest of) is not
     * a writable directory. Symbolic links are followed. For checking output paths before long work.
     */
    public static void checkWritable(Path target) throws IOException {
        Path file;
        try {
            file = followLinks(target.toAbsolutePath());
        } catch (IOException e) {
            throw named(target, e);
        }
        if (Files.isDirectory(file)) {
            throw new IOException("cannot write " + target + ": it is a directory");
        }
        Path dir = file.getParent();
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IOException("cannot write " + target + ": no directory above it exists");
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException("cannot write " + target + ": " + dir + " is not a directory");
        }
        if (!Files.isWritable(dir)) {
            throw new IOException("cannot write " + target + ": the directory " + dir + " is not writable");
        }
    }

    /** The file {@code path} finally names, following symbolic links (a dangling link's target is returned). */
    static Path followLinks(Path path) throws IOException {
        Path p = path;
        for (int i = 0; i < MAX_LINKS; i++) {
            if (!Files.isSymbolicLink(p)) {
                return p;
            }
            p = p.resolveSibling(Files.readSymbolicLink(p));
        }
        throw new FileSystemException(path.toString(), null, "too many levels of symbolic links");
    }

    /** {@code .<name>.<pid>.}: the start of this process's temporary files for {@code file}. */
    private static String prefix(Path file) {
        return namePrefix(file) + ProcessHandle.current().pid() + ".";
    }

    /** {@code .<name>.}: the start of any temporary file for {@code file}. */
    private static String namePrefix(Path file) {
        String name = file.getFileName().toString();
        return "." + (name.length() > NAME_IN_TEMP ? name.substring(0, NAME_IN_TEMP) : name) + ".";
    }

    /**
     * Removes the stale temporary files of {@code file} (see the class comment). Best effort: what
     * cannot be listed or deleted stays, and the write goes on.
     */
    static void removeStale(Path file) {
        String start = namePrefix(file);
        long self = ProcessHandle.current().pid();
        Instant cutoff = Instant.now().minus(STALE_AFTER);
        DirectoryStream.Filter<Path> ours = p -> {
            String n = p.getFileName().toString();
            return n.startsWith(start) && n.endsWith(SUFFIX) && n.length() > start.length() + SUFFIX.length();
        };
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(file.getParent(), ours)) {
            for (Path temp : temps) {
                String n = temp.getFileName().toString();
                String middle = n.substring(start.length(), n.length() - SUFFIX.length());
                Matcher owned = OWNED.matcher(middle);
                boolean known = owned.matches();
                if (!known && !UNOWNED.matcher(middle).matches() || IN_PROGRESS.contains(temp)
                        || !Files.getLastModifiedTime(temp).toInstant().isBefore(cutoff)) {
                    continue;
                }
                long owner = known ? parsePid(owned.group(1)) : -1;
                if (!known || owner == self || owner < 0 || !isRunning(owner)) {
                    deleteQuietly(temp);
                }
            }
        } catch (IOException | RuntimeException e) {
            // stale files are litter, not a reason to fail the save
        }
    }

    private static long parsePid(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isRunning(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Remembers a temporary file being written, for the shutdown hook and for {@link #removeStale}. */
    private static void track(Path temp) {
        IN_PROGRESS.add(temp);
        if (HOOKED.compareAndSet(false, true)) {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> IN_PROGRESS.forEach(AtomicFile::deleteQuietly),
                        "jrnn-atomic-file-cleanup"));
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting; the finally block still removes the file
            }
        }
    }

    private static Set<PosixFilePermission> permissions(Path file) throws IOException {
        return Files.exists(file) ? Files.getPosixFilePermissions(file) : NEW_FILE;
    }

    /** Flushes the rename to disk where the platform allows opening a directory. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            // not supported here (Windows); the rename itself is done
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // nothing more can be done for it
        }
    }

    /** {@code e} as "cannot write <target>: <reason>", keeping {@code e} as the cause. */
    private static IOException named(Path target, IOException e) {
        return new IOException("cannot write " + target + ": " + reason(target, e), e);
    }

    private static String reason(Path target, IOException e) {
        if (e instanceof FileSystemException f) {
            String what = f.getReason() != null ? f.getReason()
                    : f instanceof AccessDeniedException ? "permission denied"
                    : f instanceof NoSuchFileException ? "no such file or directory"
                    : f instanceof NotDirectoryException ? "not a directory"
                    : f instanceof FileAlreadyExistsException ? "a file is in the way"
                    : f.getClass().getSimpleName();
            String where = f.getFile() == null || f.getFile().equals(target.toString()) ? "" : " (" + f.getFile() + ")";
            return what + where;
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}

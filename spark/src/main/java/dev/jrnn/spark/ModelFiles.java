package dev.jrnn.spark;

import dev.jrnn.models.io.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * Model files on any file system Spark reaches (a local path, {@code hdfs://}, {@code s3a://}, ...),
 * through Hadoop's API. A local file is written as jrnn writes every file (a temporary file, then a
 * rename); elsewhere the bytes go to a temporary name beside the target, renamed over it in one step
 * where the file system can, so that a failed save leaves the previous file as it was.
 */
final class ModelFiles {
    private ModelFiles() {
    }

    static byte[] read(Configuration conf, String file) throws IOException {
        Path path = new Path(file);
        FileSystem fs = path.getFileSystem(conf);
        if (!fs.exists(path)) {
            throw new IOException("model file " + file + " does not exist");
        }
        try (InputStream in = fs.open(path)) {
            return in.readAllBytes();
        }
    }

    static void write(Configuration conf, String file, byte[] bytes) throws IOException {
        Path path = new Path(file);
        URI uri = path.toUri();
        if (uri.getScheme() == null || uri.getScheme().equals("file")) {
            AtomicFile.write(java.nio.file.Path.of(uri.getPath()), out -> out.write(bytes));
            return;
        }
        FileContext fc = FileContext.getFileContext(uri, conf);
        Path temp = new Path(path.getParent(), "." + path.getName() + "." + UUID.randomUUID() + ".tmp");
        try (OutputStream out = fc.create(temp, java.util.EnumSet.of(org.apache.hadoop.fs.CreateFlag.CREATE),
                Options.CreateOpts.createParent())) {
            out.write(bytes);
        }
        try {
            fc.rename(temp, path, Options.Rename.OVERWRITE);
        } catch (IOException e) {
            fc.delete(temp, false);
            throw new IOException("could not move the model into " + file + ": " + e.getMessage(), e);
        }
    }
}

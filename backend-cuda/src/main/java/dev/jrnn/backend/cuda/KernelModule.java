package dev.jrnn.backend.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

/**
 * One PTX resource loaded into the current context with {@code cuModuleLoadData} (the driver
 * JIT-compiles it for the device), and its functions, looked up once and cached.
 */
final class KernelModule {
    /** Where the PTX resources live on the classpath. */
    static final String RESOURCE_DIR = "/dev/jrnn/backend/cuda/";

    private final String name;
    private final CUmodule module;
    private final Map<String, CUfunction> functions = new ConcurrentHashMap<>();

    private KernelModule(String name, CUmodule module) {
        this.name = name;
        this.module = module;
    }

    /** Loads {@code <name>.ptx}; the context must be current on this thread. */
    static KernelModule load(String name) {
        byte[] text = ptx(name).getBytes(StandardCharsets.US_ASCII);
        byte[] image = new byte[text.length + 1];
        System.arraycopy(text, 0, image, 0, text.length);
        CUmodule module = new CUmodule();
        try {
            JCudaDriver.cuModuleLoadData(module, image);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cuda: the driver could not load " + name + ".ptx (PTX ISA "
                    + isaVersion(new String(text, StandardCharsets.US_ASCII)) + " for compute_80): "
                    + CudaProbe.firstLine(e), e);
        }
        return new KernelModule(name, module);
    }

    /** The text of resource {@code <name>.ptx}. */
    static String ptx(String name) {
        try (InputStream in = KernelModule.class.getResourceAsStream(RESOURCE_DIR + name + ".ptx")) {
            if (in == null) {
                throw new IllegalStateException("cuda: PTX resource " + RESOURCE_DIR + name + ".ptx is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cuda: cannot read PTX resource " + name + ".ptx", e);
        }
    }

    /** The value of the {@code .version} directive of a PTX text, or {@code unknown}. */
    static String isaVersion(String ptx) {
        for (String line : ptx.split("\n")) {
            if (line.startsWith(".version ")) {
                return line.substring(".version ".length()).strip();
            }
        }
        return "unknown";
    }

    /** The kernel named {@code entry} of this module. */
    CUfunction function(String entry) {
        return functions.computeIfAbsent(entry, e -> {
            CUfunction function = new CUfunction();
            try {
                JCudaDriver.cuModuleGetFunction(function, module, e);
            } catch (RuntimeException ex) {
                throw new IllegalStateException("cuda: kernel " + e + " is not in " + name + ".ptx", ex);
            }
            return function;
        });
    }
}

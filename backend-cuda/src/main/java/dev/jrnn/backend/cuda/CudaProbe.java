package dev.jrnn.backend.cuda;

import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR;

import dev.jrnn.api.backend.Availability;
import jcuda.CudaException;
import jcuda.driver.CUdevice;
import jcuda.driver.JCudaDriver;

/**
 * Finds out once per JVM whether the CUDA backend can run: JCuda's driver library loads (it links
 * {@code libcuda.so.1}, so this needs the NVIDIA driver), {@code cuInit} succeeds, device 0 exists,
 * the driver supports CUDA {@value #MIN_DRIVER_MAJOR}.0 and the device has compute capability
 * {@value #MIN_CC_MAJOR}.0 or higher (the PTX targets {@code compute_80}).
 *
 * <p>Loading the driver binding is the only way to know, so the probe does it, guarded: every
 * failure, including {@link UnsatisfiedLinkError}, becomes an unavailable result with the reason.
 */
final class CudaProbe {
    static final int MIN_DRIVER_MAJOR = 12;
    static final int MIN_CC_MAJOR = 8;
    /** The device the backend runs on. */
    static final int DEVICE = 0;

    private static Availability cached;

    private CudaProbe() {
    }

    /** The cached result of the probe; never throws. */
    static synchronized Availability availability() {
        if (cached == null) {
            cached = probe();
        }
        return cached;
    }

    private static Availability probe() {
        try {
            JCudaDriver.setExceptionsEnabled(true);
            JCudaDriver.cuInit(0);
            int[] count = new int[1];
            JCudaDriver.cuDeviceGetCount(count);
            int[] version = new int[1];
            JCudaDriver.cuDriverGetVersion(version);
            String driver = "CUDA driver " + version[0] / 1000 + "." + version[0] % 1000 / 10;
            if (count[0] <= DEVICE) {
                return Availability.unavailable(driver + " found no CUDA device");
            }
            if (version[0] / 1000 < MIN_DRIVER_MAJOR) {
                return Availability.unavailable(driver + " is too old: jrnn's CUDA backend needs a driver for CUDA "
                        + MIN_DRIVER_MAJOR + ".0 or newer");
            }
            CUdevice device = new CUdevice();
            JCudaDriver.cuDeviceGet(device, DEVICE);
            String device0 = describe(device);
            int major = attribute(device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
            if (major < MIN_CC_MAJOR) {
                return Availability.unavailable(driver + ", device " + device0 + " is older than compute capability "
                        + MIN_CC_MAJOR + ".0, which jrnn's kernels need");
            }
            return Availability.available(driver + ", device " + DEVICE + " of " + count[0] + ": " + device0);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            return Availability.unavailable("JCuda's driver binding could not be loaded; it needs the NVIDIA driver "
                    + "library libcuda.so.1: " + linkFailure(e));
        } catch (CudaException e) {
            return Availability.unavailable("the CUDA driver failed to initialise: " + firstLine(e));
        } catch (Throwable e) {
            return Availability.unavailable("probing the CUDA driver failed: " + firstLine(e));
        }
    }

    /** {@code NVIDIA H100 80GB HBM3 (compute capability 9.0)}. */
    static String describe(CUdevice device) {
        byte[] name = new byte[256];
        JCudaDriver.cuDeviceGetName(name, name.length, device);
        int end = 0;
        while (end < name.length && name[end] != 0) {
            end++;
        }
        return new String(name, 0, end, java.nio.charset.StandardCharsets.UTF_8) + " (compute capability "
                + attribute(device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR) + "."
                + attribute(device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR) + ")";
    }

    private static int attribute(CUdevice device, int attribute) {
        int[] value = new int[1];
        JCudaDriver.cuDeviceGetAttribute(value, attribute, device);
        return value[0];
    }

    /**
     * The loader's own words from a native link failure, such as {@code libcuda.so.1: cannot open
     * shared object file: No such file or directory}; JCuda buries them in a long message listing
     * every attempt. Falls back to {@link #firstLine}.
     */
    static String linkFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (String line : String.valueOf(t.getMessage()).split("\n")) {
                int so = line.indexOf(".so: ");
                if (so >= 0 && (line.contains("cannot open shared object") || line.contains("symbol")
                        || line.contains("version"))) {
                    return line.substring(so + ".so: ".length()).strip();
                }
            }
        }
        return firstLine(e);
    }

    /** The exception's class and the first line of its message (JCuda's link errors list every path tried). */
    static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage()).strip();
        int newline = message.indexOf('\n');
        return root.getClass().getSimpleName() + ": " + (newline < 0 ? message : message.substring(0, newline).strip());
    }
}

package dev.jrnn.backend.cuda;

import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.JCudaDriver;

/**
 * The device's primary context, which every thread that calls the backend makes current first
 * ({@link #bind()}): CUDA contexts are current per thread, and the backend may be used from any.
 * All work goes to the legacy default stream, so kernels, copies and the reuse of freed blocks
 * are ordered without further synchronisation.
 */
final class CudaContext {
    private final CUcontext context;
    private final String description;

    private CudaContext(CUcontext context, String description) {
        this.context = context;
        this.description = description;
    }

    /** Retains the primary context of device {@code ordinal} and makes it current on this thread. */
    static CudaContext open(int ordinal) {
        JCudaDriver.setExceptionsEnabled(true);
        JCudaDriver.cuInit(0);
        CUdevice device = new CUdevice();
        JCudaDriver.cuDeviceGet(device, ordinal);
        CUcontext context = new CUcontext();
        JCudaDriver.cuDevicePrimaryCtxRetain(context, device);
        CudaContext result = new CudaContext(context, "device " + ordinal + ": " + CudaProbe.describe(device));
        result.bind();
        return result;
    }

    /** Makes this context current on the calling thread; cheap, called at the start of every op. */
    void bind() {
        JCudaDriver.cuCtxSetCurrent(context);
    }

    /** Waits until all work queued on the device has finished. */
    void synchronize() {
        bind();
        JCudaDriver.cuCtxSynchronize();
    }

    /** {@code device 0: NVIDIA H100 80GB HBM3 (compute capability 9.0)}. */
    String description() {
        return description;
    }
}

package dev.jrnn.backend.cuda;

import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

/** Raw device allocation, the layer below {@link CudaAllocator}; an interface so the cache can be tested alone. */
interface DeviceMemory {

    /** A fresh device allocation of {@code bytes} bytes; throws when the device is out of memory. */
    CUdeviceptr allocate(long bytes);

    /** Returns an allocation made by {@link #allocate} to the driver. */
    void free(CUdeviceptr pointer);

    /** The driver's {@code cuMemAlloc} and {@code cuMemFree} in the current context. */
    static DeviceMemory driver(CudaContext context) {
        return new DeviceMemory() {
            @Override
            public CUdeviceptr allocate(long bytes) {
                context.bind();
                CUdeviceptr pointer = new CUdeviceptr();
                JCudaDriver.cuMemAlloc(pointer, bytes);
                return pointer;
            }

            @Override
            public void free(CUdeviceptr pointer) {
                context.bind();
                JCudaDriver.cuMemFree(pointer);
            }
        };
    }
}

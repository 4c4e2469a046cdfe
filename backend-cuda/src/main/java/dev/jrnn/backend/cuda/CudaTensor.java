package dev.jrnn.backend.cuda;

import dev.jrnn.api.AbstractTensor;
import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

/**
 * A tensor in device memory: a block of the backend's {@link CudaAllocator}, row-major, which goes
 * back to the allocator's cache when the tensor is closed (or reclaimed unclosed by the garbage
 * collector).
 */
final class CudaTensor extends AbstractTensor {
    private final CudaBackend owner;
    private final CudaAllocator.Block block;

    CudaTensor(CudaBackend owner, Shape shape, DType dtype, CudaAllocator.Block block) {
        super(owner, shape, dtype, returnOnReclaim(owner.allocator(), block));
        this.owner = owner;
        this.block = block;
    }

    /**
     * Gives the block back if the garbage collector reclaims the tensor unclosed: the device
     * memory is not the collector's to free. Work queued with the block earlier stays ordered
     * before its reuse on the one default stream.
     */
    private static Runnable returnOnReclaim(CudaAllocator allocator, CudaAllocator.Block block) {
        return block.capacity() == 0 ? null : () -> allocator.release(block);
    }

    /** The device address of element 0; throws if this tensor was closed. */
    CUdeviceptr pointer() {
        checkOpen();
        return block.pointer();
    }

    /** The device address of element {@code index} (row-major). */
    CUdeviceptr pointer(long index) {
        return index == 0 ? pointer() : pointer().withByteOffset(index * dtype().byteSize());
    }

    /** Size of the data in bytes. */
    long byteSize() {
        return (long) size() * dtype().byteSize();
    }

    @Override
    public double[] toDoubleArray() {
        checkOpen();
        double[] result = new double[size()];
        if (dtype() == DType.FLOAT64) {
            download(Pointer.to(result));
        } else {
            float[] data = toFloatArray();
            for (int i = 0; i < data.length; i++) {
                result[i] = data[i];
            }
        }
        return result;
    }

    @Override
    public float[] toFloatArray() {
        checkOpen();
        if (dtype() == DType.FLOAT32) {
            float[] result = new float[size()];
            download(Pointer.to(result));
            return result;
        }
        double[] data = toDoubleArray();
        float[] result = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            result[i] = (float) data[i];
        }
        return result;
    }

    /** Copies the data into host memory; waits for the kernels that produce it. */
    private void download(Pointer host) {
        if (byteSize() > 0) {
            owner.context().bind();
            JCudaDriver.cuMemcpyDtoH(host, block.pointer(), byteSize());
        }
    }

    @Override
    protected void release() {
        owner.allocator().release(block);
    }
}

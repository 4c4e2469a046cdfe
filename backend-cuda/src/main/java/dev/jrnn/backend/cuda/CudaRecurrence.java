package dev.jrnn.backend.cuda;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.ReduceOp;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.SequenceChecks;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.api.fused.SequenceGradient;
import dev.jrnn.api.fused.SequenceSizes;
import java.util.List;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

/**
 * Whole-sequence recurrences on the device, with the semantics of
 * {@link dev.jrnn.api.fused.RecurrentDefaults#sequenceForward} and {@code sequenceBackward}.
 *
 * <p>Forward, per step: one GEMM {@code q = h W_hh^T} and one gate kernel that writes the step's
 * slots of the saved tensors directly; the next step reads its state from those slots. Backward,
 * per step: one gate kernel and one GEMM {@code dh += dRec W_hh}; {@code dW_hh} is then one GEMM
 * over all steps, {@code dRec^T [G*H, T*B] x hPrev [T*B, H]}, and {@code db_hh} one column sum.
 * Lengths go to the device once; nothing is copied to the host inside the time loop.
 */
final class CudaRecurrence {
    private final CudaBackend backend;

    CudaRecurrence(CudaBackend backend) {
        this.backend = backend;
    }

    SequenceForward forward(CellKind kind, Tensor p, List<Tensor> initial, Tensor w, Tensor bias, int[] lengths,
                            boolean reverse) {
        SequenceSizes s = SequenceChecks.forward(backend, kind, p, initial, w, bias, lengths);
        DType dt = s.dtype();
        int steps = s.steps();
        int b = s.batch();
        int hs = s.hidden();
        int gh = s.gates() * hs;
        CudaTensor proj = (CudaTensor) p;
        CudaTensor weight = (CudaTensor) w;
        CudaTensor bb = (CudaTensor) bias;
        Shape seq = Shape.of(steps, b, hs);
        CudaTensor output = backend.allocate(seq, dt);
        CudaTensor hidden = backend.allocate(seq, dt);
        CudaTensor gates = kind == CellKind.LSTM || kind == CellKind.GRU ? backend.allocate(Shape.of(steps, b, gh), dt) : null;
        CudaTensor extra = gates != null ? backend.allocate(seq, dt) : null;
        CUdeviceptr hPrev = ((CudaTensor) initial.get(0)).pointer();
        CUdeviceptr cPrev = kind == CellKind.LSTM ? ((CudaTensor) initial.get(1)).pointer() : null;
        try (CudaTensor q = backend.allocate(Shape.of(b, gh), dt); DeviceInts lens = DeviceInts.upload(backend, lengths)) {
            Launcher launcher = backend.launcher();
            long work = (long) b * hs;
            for (int k = 0; k < steps; k++) {
                int t = reverse ? steps - 1 - k : k;
                long slot = (long) t * b * hs;
                long gateSlot = (long) t * b * gh;
                launcher.gemm(dt, false, true, b, gh, hs, 1.0, hPrev, hs, weight.pointer(), hs, 0.0, q.pointer(), gh);
                switch (kind) {
                    case LSTM -> {
                        launcher.launch(Kernel.LSTM_FORWARD, dt, work, b, hs, t, lens.pointer(), proj.pointer(gateSlot),
                                q.pointer(), CudaSteps.ptr(bb), hPrev, cPrev, gates.pointer(gateSlot),
                                extra.pointer(slot), hidden.pointer(slot), output.pointer(slot));
                        cPrev = extra.pointer(slot);
                    }
                    case GRU -> launcher.launch(Kernel.GRU_FORWARD, dt, work, b, hs, t, lens.pointer(),
                            proj.pointer(gateSlot), q.pointer(), CudaSteps.ptr(bb), hPrev, gates.pointer(gateSlot),
                            extra.pointer(slot), hidden.pointer(slot), output.pointer(slot));
                    default -> launcher.launch(Kernel.RNN_FORWARD, dt, work, b, hs, t, lens.pointer(),
                            kind == CellKind.RNN_RELU, proj.pointer(gateSlot), q.pointer(), CudaSteps.ptr(bb), hPrev,
                            hidden.pointer(slot), output.pointer(slot));
                }
                hPrev = hidden.pointer(slot);
            }
        }
        List<Tensor> finalState = kind == CellKind.LSTM
                ? List.of(copyState(hPrev, b, hs, dt), copyState(cPrev, b, hs, dt))
                : List.of(copyState(hPrev, b, hs, dt));
        List<Tensor> saved = gates == null ? List.of(hidden) : List.of(gates, extra, hidden);
        return new SequenceForward(output, finalState, saved);
    }

    SequenceGradient backward(CellKind kind, SequenceForward fwd, List<Tensor> initial, Tensor w, Tensor dOutput,
                              List<Tensor> dFinal, int[] lengths, boolean reverse) {
        SequenceSizes s = SequenceChecks.backward(backend, kind, fwd, initial, w, dOutput, dFinal, lengths);
        DType dt = s.dtype();
        int steps = s.steps();
        int b = s.batch();
        int hs = s.hidden();
        int gh = s.gates() * hs;
        List<Tensor> saved = fwd.saved();
        CudaTensor hidden = (CudaTensor) saved.get(saved.size() - 1);
        CudaTensor gates = saved.size() == 3 ? (CudaTensor) saved.get(0) : null;
        CudaTensor extra = saved.size() == 3 ? (CudaTensor) saved.get(1) : null;
        CudaTensor dOut = (CudaTensor) dOutput;
        CudaTensor weight = (CudaTensor) w;
        CudaTensor h0 = (CudaTensor) initial.get(0);
        CudaTensor dInput = backend.allocate(Shape.of(steps, b, gh), dt);
        CudaTensor dh = backend.copy((CudaTensor) dFinal.get(0), Shape.of(b, hs));
        CudaTensor dc = kind == CellKind.LSTM ? backend.copy((CudaTensor) dFinal.get(1), Shape.of(b, hs)) : null;
        Launcher launcher = backend.launcher();
        long work = (long) b * hs;
        try (CudaTensor dRecurrent = kind == CellKind.GRU ? backend.allocate(Shape.of(steps, b, gh), dt) : null;
             CudaTensor hPrevAll = backend.allocate(Shape.of(steps, b, hs), dt);
             DeviceInts lens = DeviceInts.upload(backend, lengths)) {
            CudaTensor dRec = dRecurrent == null ? dInput : dRecurrent;
            for (int k = steps - 1; k >= 0; k--) {
                int t = reverse ? steps - 1 - k : k;
                int prev = reverse ? t + 1 : t - 1;
                long slot = (long) t * b * hs;
                long gateSlot = (long) t * b * gh;
                CUdeviceptr hPrev = k == 0 ? h0.pointer() : hidden.pointer((long) prev * b * hs);
                switch (kind) {
                    case LSTM -> {
                        CUdeviceptr cPrev = k == 0 ? ((CudaTensor) initial.get(1)).pointer()
                                : extra.pointer((long) prev * b * hs);
                        launcher.launch(Kernel.LSTM_BACKWARD, dt, work, b, hs, t, lens.pointer(), dh.pointer(),
                                dOut.pointer(slot), dc.pointer(), gates.pointer(gateSlot), cPrev, extra.pointer(slot),
                                dInput.pointer(gateSlot), dh.pointer(), dc.pointer());
                    }
                    case GRU -> launcher.launch(Kernel.GRU_BACKWARD, dt, work, b, hs, t, lens.pointer(), dh.pointer(),
                            dOut.pointer(slot), gates.pointer(gateSlot), extra.pointer(slot), hPrev,
                            dInput.pointer(gateSlot), dRec.pointer(gateSlot), dh.pointer());
                    default -> launcher.launch(Kernel.RNN_BACKWARD, dt, work, b, hs, t, lens.pointer(),
                            kind == CellKind.RNN_RELU, dh.pointer(), dOut.pointer(slot), hidden.pointer(slot),
                            dInput.pointer(gateSlot), dh.pointer());
                }
                launcher.gemm(dt, false, false, b, hs, gh, 1.0, dRec.pointer(gateSlot), gh, weight.pointer(), hs, 1.0,
                        dh.pointer(), hs);
            }
            previousStates(hPrevAll, hidden, h0, steps, b * hs, reverse);
            CudaTensor dW = backend.allocate(Shape.of(gh, hs), dt);
            launcher.gemm(dt, true, false, gh, hs, steps * b, 1.0, dRec.pointer(), gh, hPrevAll.pointer(), hs, 0.0,
                    dW.pointer(), hs);
            CudaTensor db = backend.allocate(Shape.of(gh), dt);
            backend.reduceInto(ReduceOp.SUM, dRec, 1, steps * b, gh, db.pointer());
            List<Tensor> dInitial = dc == null ? List.of(dh) : List.of(dh, dc);
            return new SequenceGradient(dInput, dInitial, dW, db);
        }
    }

    /** Fills {@code out[t]} with the state step t started from: h0 for the first step, else its predecessor's. */
    private void previousStates(CudaTensor out, CudaTensor hidden, CudaTensor h0, int steps, int stateSize,
                                boolean reverse) {
        if (steps == 0) {
            return;
        }
        long bytes = (long) stateSize * out.dtype().byteSize();
        long rest = (long) (steps - 1) * bytes;
        if (reverse) {
            backend.copyBytes(out.pointer(), hidden.pointer(stateSize), rest);
            backend.copyBytes(out.pointer((long) (steps - 1) * stateSize), h0.pointer(), bytes);
        } else {
            backend.copyBytes(out.pointer(), h0.pointer(), bytes);
            backend.copyBytes(out.pointer(stateSize), hidden.pointer(), rest);
        }
    }

    private CudaTensor copyState(CUdeviceptr source, int b, int hs, DType dt) {
        CudaTensor state = backend.allocate(Shape.of(b, hs), dt);
        backend.copyBytes(state.pointer(), source, state.byteSize());
        return state;
    }

    /** Sequence lengths in device memory, or the null pointer when there are none (all steps run). */
    static final class DeviceInts implements AutoCloseable {
        private final CudaBackend backend;
        private final CudaAllocator.Block block;

        private DeviceInts(CudaBackend backend, CudaAllocator.Block block) {
            this.backend = backend;
            this.block = block;
        }

        static DeviceInts upload(CudaBackend backend, int[] values) {
            if (values == null) {
                return new DeviceInts(backend, null);
            }
            CudaAllocator.Block block = backend.allocator().acquire((long) values.length * Integer.BYTES);
            if (values.length > 0) {
                JCudaDriver.cuMemcpyHtoD(block.pointer(), Pointer.to(values), (long) values.length * Integer.BYTES);
            }
            return new DeviceInts(backend, block);
        }

        /** The device array, or null for a kernel's null pointer. */
        CUdeviceptr pointer() {
            return block == null ? null : block.pointer();
        }

        @Override
        public void close() {
            if (block != null) {
                backend.allocator().release(block);
            }
        }
    }
}

package dev.jrnn.backend.nd4j;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.api.fused.SequenceGradient;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.lstm_backward;
import org.bytedeco.dnnl.lstm_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;

/**
 * Whether oneDNN's LSTM training primitives ({@code lstm_forward} with {@code forward_training},
 * then {@code lstm_backward}) would beat jrnn's own training loop: times, alternating in one JVM, the
 * primitives' forward and backward over a sequence (input projection and every gradient included,
 * on oneDNN's OpenMP team, weights and gradients in the layouts oneDNN picks, so no reorder is
 * counted for it) against the same work through the ND4J backend (the input projection,
 * {@code recurrentForward}, {@code recurrentBackward}, the input weight's and bias's gradients). A
 * measuring tool, not a test: run its main with {@code I H B T [pairs]} (W2: 64 256 64 100); it
 * prints both medians, the per-pair ratio and the process CPU time per run.
 */
public final class OneDnnRnnTrainingTiming {
    private OneDnnRnnTrainingTiming() {
    }

    public static void main(String[] args) {
        int input = Integer.parseInt(args[0]);
        int hidden = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        int pairs = args.length > 4 ? Integer.parseInt(args[4]) : 40;
        Backend be = new Nd4jBackendProvider().create();
        Jrnn jrnn = new Jrnn(be, input, hidden, batch, steps);
        Primitives prim = new Primitives(input, hidden, batch, steps);
        System.out.println("oneDNN: " + prim.impl);
        for (int i = 0; i < 10; i++) {
            jrnn.run();
            prim.run();
        }
        double[] a = new double[pairs];
        double[] b = new double[pairs];
        double[] cpuA = new double[pairs];
        double[] cpuB = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            Runnable first = i % 2 == 0 ? jrnn::run : prim::run;
            Runnable second = i % 2 == 0 ? prim::run : jrnn::run;
            double[] t1 = timed(first);
            double[] t2 = timed(second);
            double[] tj = i % 2 == 0 ? t1 : t2;
            double[] tp = i % 2 == 0 ? t2 : t1;
            a[i] = tj[0];
            cpuA[i] = tj[1];
            b[i] = tp[0];
            cpuB[i] = tp[1];
        }
        double[] ratio = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            ratio[i] = b[i] / a[i];
        }
        System.out.printf(Locale.ROOT, "LSTM I=%d H=%d B=%d T=%d, %d pairs: jrnn median %.2f ms (CPU %.2f), oneDNN "
                        + "median %.2f ms (CPU %.2f), oneDNN/jrnn per pair median %.3f (quartiles %.3f-%.3f)%n", input,
                hidden, batch, steps, pairs, median(a), median(cpuA), median(b), median(cpuB), median(ratio),
                quantile(ratio, 0.25), quantile(ratio, 0.75));
    }

    private static double[] timed(Runnable r) {
        long c0 = cpuNanos();
        long t0 = System.nanoTime();
        r.run();
        return new double[] {(System.nanoTime() - t0) / 1e6, (cpuNanos() - c0) / 1e6};
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double median(double[] x) {
        return quantile(x, 0.5);
    }

    private static double quantile(double[] x, double q) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.round(q * (s.length - 1)))];
    }

    /** The same step's recurrent work through the ND4J backend's ops. */
    private static final class Jrnn {
        private final Backend be;
        private final int hidden;
        private final int batch;
        private final int steps;
        private final Tensor wIh;
        private final Tensor bIh;
        private final Tensor wHh;
        private final Tensor bHh;
        private final Tensor x;
        private final Tensor dOut;
        private final Tensor zeros;

        Jrnn(Backend be, int input, int hidden, int batch, int steps) {
            this.be = be;
            this.hidden = hidden;
            this.batch = batch;
            this.steps = steps;
            Random rnd = new Random(1);
            int g = 4 * hidden;
            double bound = 1.0 / Math.sqrt(hidden);
            wIh = Nd4jRnnTiming.uniform(be, rnd, bound, g, input);
            bIh = Nd4jRnnTiming.uniform(be, rnd, bound, g);
            wHh = Nd4jRnnTiming.uniform(be, rnd, bound, g, hidden);
            bHh = Nd4jRnnTiming.uniform(be, rnd, bound, g);
            x = Nd4jRnnTiming.uniform(be, rnd, 1.0, steps * batch, input);
            dOut = Nd4jRnnTiming.uniform(be, rnd, 1e-3, steps, batch, hidden);
            zeros = be.zeros(Shape.of(batch, hidden), DType.FLOAT32);
        }

        void run() {
            try (TensorScope scope = TensorScope.open()) {
                List<Tensor> init = List.of(zeros, zeros);
                Tensor p = be.reshape(be.linear(x, wIh, bIh), Shape.of(steps, batch, 4 * hidden));
                SequenceForward fwd = be.recurrentForward(CellKind.LSTM, p, init, wHh, bHh, null, false);
                SequenceGradient g = be.recurrentBackward(CellKind.LSTM, fwd, init, wHh, dOut, init, null, false);
                Tensor dP = be.reshape(g.dInputProjection(), Shape.of(steps * batch, 4 * hidden));
                be.matmul(dP, true, x, false);
                be.sum(dP, 0);
            }
        }
    }

    /** oneDNN's forward_training and backward primitives, memories in the layouts oneDNN picks. */
    private static final class Primitives {
        private final primitive forward;
        private final primitive backward;
        private final IntMemoryMap forwardArgs = new IntMemoryMap();
        private final IntMemoryMap backwardArgs = new IntMemoryMap();
        private final List<memory> memories = new ArrayList<>();
        private final String impl;

        Primitives(int input, int hidden, int batch, int steps) {
            memory.data_type f32 = memory.data_type.f32;
            memory.desc src = new memory.desc(new long[] {steps, batch, input}, f32, memory.format_tag.tnc);
            memory.desc state = new memory.desc(new long[] {1, 1, batch, hidden}, f32, memory.format_tag.ldnc);
            memory.desc wLayer = new memory.desc(new long[] {1, 1, input, 4, hidden}, f32, memory.format_tag.any);
            memory.desc wIter = new memory.desc(new long[] {1, 1, hidden, 4, hidden}, f32, memory.format_tag.any);
            memory.desc bias = new memory.desc(new long[] {1, 1, 4, hidden}, f32, memory.format_tag.ldgo);
            memory.desc dst = new memory.desc(new long[] {steps, batch, hidden}, f32, memory.format_tag.tnc);
            dnnl.rnn_direction dir = dnnl.rnn_direction.unidirectional_left2right;
            lstm_forward.primitive_desc fpd = new lstm_forward.primitive_desc(new lstm_forward.desc(
                    dnnl.prop_kind.forward_training, dir, src, state, state, wLayer, wIter, bias, dst, state, state),
                    OneDnn.engine());
            lstm_backward.primitive_desc bpd = new lstm_backward.primitive_desc(new lstm_backward.desc(
                    dnnl.prop_kind.backward, dir, src, state, state, wLayer, wIter, bias, dst, state, state,
                    src, state, state, wLayer, wIter, bias, dst, state, state), OneDnn.engine(), fpd);
            impl = fpd.impl_info_str().getString() + " / " + bpd.impl_info_str().getString();
            memory srcM = make(fpd.src_desc());
            memory h0 = make(state);
            memory c0 = make(state);
            memory wl = make(fpd.weights_layer_desc());
            memory wi = make(fpd.weights_iter_desc());
            memory b = make(bias);
            memory out = make(dst);
            memory hN = make(state);
            memory cN = make(state);
            memory ws = make(fpd.workspace_desc());
            int[] fArgs = {dnnl.DNNL_ARG_SRC_LAYER, dnnl.DNNL_ARG_SRC_ITER, dnnl.DNNL_ARG_SRC_ITER_C,
                dnnl.DNNL_ARG_WEIGHTS_LAYER, dnnl.DNNL_ARG_WEIGHTS_ITER, dnnl.DNNL_ARG_BIAS, dnnl.DNNL_ARG_DST_LAYER,
                dnnl.DNNL_ARG_DST_ITER, dnnl.DNNL_ARG_DST_ITER_C, dnnl.DNNL_ARG_WORKSPACE};
            memory[] fMems = {srcM, h0, c0, wl, wi, b, out, hN, cN, ws};
            for (int i = 0; i < fArgs.length; i++) {
                forwardArgs.put(fArgs[i], fMems[i]);
                backwardArgs.put(fArgs[i], fMems[i]);
            }
            // backward may want its weights in another layout (each training step would reorder them)
            backwardArgs.put(dnnl.DNNL_ARG_WEIGHTS_LAYER, make(bpd.weights_layer_desc()));
            backwardArgs.put(dnnl.DNNL_ARG_WEIGHTS_ITER, make(bpd.weights_iter_desc()));
            backwardArgs.put(dnnl.DNNL_ARG_DIFF_SRC_LAYER, make(bpd.diff_src_layer_desc()));
            backwardArgs.put(dnnl.DNNL_ARG_DIFF_SRC_ITER, make(state));
            backwardArgs.put(dnnl.DNNL_ARG_DIFF_SRC_ITER_C, make(state));
            backwardArgs.put(dnnl.DNNL_ARG_DIFF_WEIGHTS_LAYER, make(bpd.diff_weights_layer_desc()));
            backwardArgs.put(dnnl.DNNL_ARG_DIFF_WEIGHTS_ITER, make(bpd.diff_weights_iter_desc()));
            backwardArgs.put(dnnl.DNNL_ARG_DIFF_BIAS, make(bpd.diff_bias_desc()));
            backwardArgs.put(dnnl.DNNL_ARG_DIFF_DST_LAYER, make(dst));
            backwardArgs.put(dnnl.DNNL_ARG_DIFF_DST_ITER, make(state));
            backwardArgs.put(dnnl.DNNL_ARG_DIFF_DST_ITER_C, make(state));
            forward = new lstm_forward(fpd);
            backward = new lstm_backward(bpd);
        }

        private memory make(memory.desc d) {
            memory m = new memory(d, OneDnn.engine());
            // zeros: finite, and the same cost per element as any other value
            org.bytedeco.javacpp.Pointer.memset(m.get_data_handle(), 0, d.get_size());
            memories.add(m);
            return m;
        }

        void run() {
            forward.execute(OneDnn.stream(), forwardArgs);
            backward.execute(OneDnn.stream(), backwardArgs);
            OneDnn.stream()._wait();
        }
    }
}

package dev.jrnn.backend.nd4j;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.lbr_gru_forward;
import org.bytedeco.dnnl.lstm_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.rnn_primitive_desc_base;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * oneDNN's whole-sequence RNN primitives for float32 inference: {@code lstm_forward} and
 * {@code lbr_gru_forward} (linear-before-reset, PyTorch's GRU), one native call that projects the
 * input of every step in one product and then runs the steps.
 *
 * <p>Each thread keeps its primitives, with their memory objects, per {@link Layout} (oneDNN fixes
 * the sizes, the direction and the thread's OpenMP count when it makes one); a call re-aims the
 * memory objects at its operands. The weights reach oneDNN in its plain {@code ldigo} layout, which
 * the weight tensors keep ({@link RnnWeights}); the biases are summed into oneDNN's bias rows
 * ({@link RnnBias}). A layout oneDNN cannot make is remembered as declined, and the caller runs
 * jrnn's own loop.
 */
final class OneDnnRnn {
    /**
     * Rows of oneDNN's bias: an LSTM's four gates; a GRU's three and its candidate's recurrent bias
     * apart, since the reset gate scales that one ({@code n = tanh(W_in x + b_in + r (W_hn h + b_hn))}).
     */
    static final int BIAS_ROWS = 4;

    private static final Logger LOG = LoggerFactory.getLogger(OneDnnRnn.class);
    private static final ThreadPrimitives<Layout, Kept> KEPT =
            new ThreadPrimitives<>(32, OneDnnRnn::make, Kept::close);
    private static final Kept DECLINED = new Kept(null, null, null, null, null, null);

    private OneDnnRnn() {
    }

    /**
     * The sizes of one call.
     *
     * @param lstm    LSTM, else the linear-before-reset GRU
     * @param threads the calling thread's OpenMP count (0 where it cannot be read)
     */
    record Layout(boolean lstm, int steps, int batch, int input, int hidden, boolean reverse, int threads) {
        int gates() {
            return lstm ? 4 : 3;
        }
    }

    /**
     * Where one call reads and writes: float32 buffers, dense. Input [T, B, I] and output [T, B, H];
     * the states [B, H] (the cell states null for a GRU); the weights [C, G*H] in {@code ldigo}.
     */
    record Buffers(Pointer input, Pointer h0, Pointer c0, Pointer inputWeight, Pointer recurrentWeight,
                   Pointer output, Pointer hN, Pointer cN) {
    }

    /** The primitive for {@code layout} on the calling thread, made on first use; null where oneDNN declines it. */
    static Kept primitive(Layout layout) {
        Kept entry = KEPT.get(layout);
        return entry == DECLINED ? null : entry;
    }

    private static Kept make(Layout l) {
        memory.data_type f32 = memory.data_type.f32;
        long n = l.batch();
        long h = l.hidden();
        memory.desc src = new memory.desc(new long[] {l.steps(), n, l.input()}, f32, memory.format_tag.tnc);
        memory.desc state = new memory.desc(new long[] {1, 1, n, h}, f32, memory.format_tag.ldnc);
        memory.desc wLayer = new memory.desc(new long[] {1, 1, l.input(), l.gates(), h}, f32, memory.format_tag.ldigo);
        memory.desc wIter = new memory.desc(new long[] {1, 1, h, l.gates(), h}, f32, memory.format_tag.ldigo);
        memory.desc bias = new memory.desc(new long[] {1, 1, BIAS_ROWS, h}, f32, memory.format_tag.ldgo);
        memory.desc dst = new memory.desc(new long[] {l.steps(), n, h}, f32, memory.format_tag.tnc);
        dnnl.rnn_direction direction = l.reverse() ? dnnl.rnn_direction.unidirectional_right2left
                : dnnl.rnn_direction.unidirectional_left2right;
        dnnl.prop_kind inference = dnnl.prop_kind.forward_inference;
        Map<Integer, memory.desc> descs = new HashMap<>();
        descs.put(dnnl.DNNL_ARG_SRC_LAYER, src);
        descs.put(dnnl.DNNL_ARG_SRC_ITER, state);
        descs.put(dnnl.DNNL_ARG_WEIGHTS_LAYER, wLayer);
        descs.put(dnnl.DNNL_ARG_WEIGHTS_ITER, wIter);
        descs.put(dnnl.DNNL_ARG_BIAS, bias);
        descs.put(dnnl.DNNL_ARG_DST_LAYER, dst);
        descs.put(dnnl.DNNL_ARG_DST_ITER, state);
        try {
            rnn_primitive_desc_base pd;
            primitive prim;
            if (l.lstm()) {
                descs.put(dnnl.DNNL_ARG_SRC_ITER_C, state);
                descs.put(dnnl.DNNL_ARG_DST_ITER_C, state);
                lstm_forward.primitive_desc lpd = new lstm_forward.primitive_desc(new lstm_forward.desc(inference,
                        direction, src, state, state, wLayer, wIter, bias, dst, state, state), OneDnn.engine());
                pd = lpd;
                prim = new lstm_forward(lpd);
            } else {
                lbr_gru_forward.primitive_desc gpd = new lbr_gru_forward.primitive_desc(new lbr_gru_forward.desc(
                        inference, direction, src, state, wLayer, wIter, bias, dst, state), OneDnn.engine());
                pd = gpd;
                prim = new lbr_gru_forward(gpd);
            }
            LOG.debug("nd4j backend: oneDNN's {} runs {}", pd.impl_info_str().getString(), l);
            return Kept.of(l, pd, prim, descs);
        } catch (RuntimeException e) {
            LOG.info("nd4j backend: oneDNN's RNN primitive could not be made for {} ({}); jrnn's loop runs it", l,
                    e.toString());
            return DECLINED;
        }
    }

    /** A primitive, its memory objects and its bias buffer, re-aimed at each call's operands. */
    static final class Kept {
        private final Layout layout;
        private final rnn_primitive_desc_base pd;
        private final primitive primitive;
        private final Map<Integer, memory> memories;
        private final IntMemoryMap args;
        private final FloatPointer bias;

        private Kept(Layout layout, rnn_primitive_desc_base pd, primitive primitive, Map<Integer, memory> memories,
                     IntMemoryMap args, FloatPointer bias) {
            this.layout = layout;
            this.pd = pd;
            this.primitive = primitive;
            this.memories = memories;
            this.args = args;
            this.bias = bias;
        }

        static Kept of(Layout l, rnn_primitive_desc_base pd, primitive prim, Map<Integer, memory.desc> descs) {
            Map<Integer, memory> memories = new HashMap<>();
            IntMemoryMap args = new IntMemoryMap();
            for (Map.Entry<Integer, memory.desc> d : descs.entrySet()) {
                memory m = new memory(d.getValue(), OneDnn.engine(), null);
                memories.put(d.getKey(), m);
                args.put(d.getKey(), m);
            }
            FloatPointer bias = new FloatPointer((long) BIAS_ROWS * l.hidden());
            memories.get(dnnl.DNNL_ARG_BIAS).set_data_handle(bias);
            return new Kept(l, pd, prim, memories, args, bias);
        }

        /** The bias rows a call fills before {@link #run} (oneDNN's ldgo order). */
        FloatPointer bias() {
            return bias;
        }

        /** Runs the primitive on {@code b}'s buffers on the calling thread's stream. */
        void run(Buffers b) {
            aim(dnnl.DNNL_ARG_SRC_LAYER, b.input());
            aim(dnnl.DNNL_ARG_SRC_ITER, b.h0());
            aim(dnnl.DNNL_ARG_WEIGHTS_LAYER, b.inputWeight());
            aim(dnnl.DNNL_ARG_WEIGHTS_ITER, b.recurrentWeight());
            aim(dnnl.DNNL_ARG_DST_LAYER, b.output());
            aim(dnnl.DNNL_ARG_DST_ITER, b.hN());
            if (layout.lstm()) {
                aim(dnnl.DNNL_ARG_SRC_ITER_C, b.c0());
                aim(dnnl.DNNL_ARG_DST_ITER_C, b.cN());
            }
            primitive.execute(OneDnn.stream(), args);
        }

        private void aim(int arg, Pointer p) {
            memories.get(arg).set_data_handle(p);
        }

        void close() {
            if (primitive != null) {
                args.close();
                memories.values().forEach(memory::close);
                bias.close();
                primitive.close();
                pd.close();
            }
        }
    }
}

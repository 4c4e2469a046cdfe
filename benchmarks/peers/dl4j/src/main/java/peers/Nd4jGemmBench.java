package peers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Raw ND4J GEMM speed at recurrent-network shapes (no activations, no framework):
 *  - "fused": T x gemm([B, I+H] x [I+H, G*H]) -- the gate GEMMs of one forward sequence, FLOPs equal
 *    to the forward-FLOP formula T*B*2*G*H*(I+H);
 *  - "hoisted": one gemm([T*B, I] x [I, G*H]) for the input projection of all steps, then
 *    T x gemm([B, H] x [H, G*H]) for the recurrent part (what PyTorch's CPU LSTM does);
 *  - square 2048 x 2048 GEMM ceiling.
 * All with Nd4j.gemm into preallocated outputs (alpha=1, beta=0), float32, C order.
 */
public final class Nd4jGemmBench {

    public static void main(String[] args) throws Exception {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("workloads", "W1,W2,W3,W4,W5");
        d.put("square", "2048");
        d.put("warmup", "10");
        d.put("min-iters", "20");
        d.put("min-seconds", "3");
        d.put("max-iters", "5000");
        d.put("label", "");
        d.put("json", "");
        Map<String, String> a = BenchUtil.parseArgs(args, d);
        int warmup = Integer.parseInt(a.get("warmup"));
        int minIters = Integer.parseInt(a.get("min-iters"));
        double minSec = Double.parseDouble(a.get("min-seconds"));
        int maxIters = Integer.parseInt(a.get("max-iters"));

        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Map<String, Object> env = BenchUtil.environment();
        env.put("peer", "nd4j-gemm");
        env.put("label", a.get("label"));
        System.out.println("ENV " + BenchUtil.json(env));
        List<Map<String, Object>> rows = new ArrayList<>();

        int n = Integer.parseInt(a.get("square"));
        if (n > 0) {
            INDArray A = Nd4j.rand(DataType.FLOAT, n, n), B = Nd4j.rand(DataType.FLOAT, n, n);
            INDArray C = Nd4j.create(DataType.FLOAT, n, n);
            var t = BenchUtil.time(() -> Nd4j.gemm(A, B, C, false, false, 1.0, 0.0), 3, minIters, minSec, maxIters);
            double fl = 2.0 * n * n * n;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("peer", "nd4j-gemm"); r.put("variant", "square " + n);
            r.put("median_ms", t.median()); r.put("min_ms", t.min()); r.put("iters", t.ms.length);
            r.put("gflops_median", fl / (t.median() * 1e-3) / 1e9); r.put("gflops_best", fl / (t.min() * 1e-3) / 1e9);
            rows.add(r);
            System.out.printf(Locale.ROOT, "GEMM %dx%dx%d median %.2f ms min %.2f ms  %.1f GFLOP/s (best %.1f)%n",
                    n, n, n, t.median(), t.min(), fl / (t.median() * 1e-3) / 1e9, fl / (t.min() * 1e-3) / 1e9);
        }

        for (String id : a.get("workloads").split(",")) {
            if (id.isEmpty() || id.equals("none")) continue;   // --workloads none: the square GEMM only
            BenchUtil.Workload w = BenchUtil.WORKLOADS.get(id);
            int G = w.gates(), I = w.I(), H = w.H(), B = w.B(), T = w.T();
            // forward FLOPs of the formula, whatever the mode of the workload
            BenchUtil.Workload fwd = new BenchUtil.Workload(w.id(), w.cell(), false, I, H, B, T);
            double fl = fwd.flops();

            INDArray xh = Nd4j.rand(DataType.FLOAT, B, I + H);
            INDArray wcat = Nd4j.rand(DataType.FLOAT, I + H, G * H);
            INDArray gates = Nd4j.create(DataType.FLOAT, B, G * H);
            var t = BenchUtil.time(() -> {
                for (int s = 0; s < T; s++) Nd4j.gemm(xh, wcat, gates, false, false, 1.0, 0.0);
            }, warmup, minIters, minSec, maxIters);
            rows.add(BenchUtil.row("nd4j-gemm", String.format("fused %dx[%d,%d]x[%d,%d]", T, B, I + H, I + H, G * H), fwd, fl, t));

            INDArray xAll = Nd4j.rand(DataType.FLOAT, T * B, I);
            INDArray wih = Nd4j.rand(DataType.FLOAT, I, G * H);
            INDArray gAll = Nd4j.create(DataType.FLOAT, T * B, G * H);
            INDArray h = Nd4j.rand(DataType.FLOAT, B, H);
            INDArray whh = Nd4j.rand(DataType.FLOAT, H, G * H);
            t = BenchUtil.time(() -> {
                Nd4j.gemm(xAll, wih, gAll, false, false, 1.0, 0.0);
                for (int s = 0; s < T; s++) Nd4j.gemm(h, whh, gates, false, false, 1.0, 0.0);
            }, warmup, minIters, minSec, maxIters);
            rows.add(BenchUtil.row("nd4j-gemm", String.format("hoisted [%d,%d]x[%d,%d]+%dx[%d,%d]x[%d,%d]",
                    T * B, I, I, G * H, T, B, H, H, G * H), fwd, fl, t));
        }
        BenchUtil.writeJson(a.get("json"), env, rows);
    }
}

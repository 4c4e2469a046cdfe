package dev.jrnn.api.fused;

import dev.jrnn.api.Tensor;
import java.util.List;

/**
 * Gradients of a whole recurrent direction. The input weights' gradients follow from
 * {@code dInputProjection} with one GEMM: {@code dW_ih = dP^T X}, {@code db_ih = sum_rows dP}.
 *
 * @param dInputProjection gradient with respect to {@code X W_ih^T + b_ih} [T, B, G*H]
 * @param dInitialState    gradient with respect to the initial state: (dh0) or (dh0, dc0)
 * @param dRecurrentWeight gradient with respect to {@code W_hh} [G*H, H]
 * @param dRecurrentBias   gradient with respect to {@code b_hh} [G*H]
 */
public record SequenceGradient(Tensor dInputProjection, List<Tensor> dInitialState,
                               Tensor dRecurrentWeight, Tensor dRecurrentBias) {

    public List<Tensor> tensors() {
        var all = new java.util.ArrayList<Tensor>();
        all.add(dInputProjection);
        all.addAll(dInitialState);
        all.add(dRecurrentWeight);
        all.add(dRecurrentBias);
        return all;
    }
}

package dev.jrnn.api.autograd;

import dev.jrnn.api.Tensor;
import java.util.List;

/**
 * One recorded op application: its inputs, how many outputs it made and its backward rule.
 *
 * @param op      the op's name, for messages
 * @param inputs  the operands, in the order the rule returns their gradients
 * @param outputs number of output variables
 * @param rule    maps dL/d(outputs) to dL/d(inputs)
 */
record Node(String op, List<Variable> inputs, int outputs, Rule rule) {

    /**
     * A backward rule: from the gradients of an op's outputs to those of its inputs.
     */
    @FunctionalInterface
    interface Rule {
        /**
         * @param gradOutputs dL/d(output i), null where no gradient reached output i (read it as zero);
         *                    at least one is non-null
         * @return dL/d(input j) for every input, with the input's shape; null where an input needs
         *         none or its gradient is zero
         */
        Tensor[] backward(Tensor[] gradOutputs);
    }
}

package dev.jrnn.backend.cuda;

import dev.jrnn.api.backend.BinaryOp;
import dev.jrnn.api.backend.ReduceOp;
import dev.jrnn.api.backend.UnaryOp;

/** The integer op codes the kernels switch on (see the comments of {@code elementwise.cu} and {@code reduce.cu}). */
final class OpCodes {
    private OpCodes() {
    }

    static int of(UnaryOp op) {
        return switch (op) {
            case NEG -> 0;
            case EXP -> 1;
            case LOG -> 2;
            case TANH -> 3;
            case SIGMOID -> 4;
            case RELU -> 5;
            case SQRT -> 6;
            case ABS -> 7;
            case SIGN -> 8;
        };
    }

    static int of(BinaryOp op) {
        return switch (op) {
            case ADD -> 0;
            case SUB -> 1;
            case MUL -> 2;
            case DIV -> 3;
            case MAX -> 4;
            case GREATER -> 5;
        };
    }

    static int of(ReduceOp op) {
        return switch (op) {
            case SUM -> 0;
            case MAX -> 1;
        };
    }
}

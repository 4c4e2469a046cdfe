package dev.jrnn.api.backend;

/** Elementwise functions of two tensors (with row broadcasting, see {@link Backend#binary}). */
public enum BinaryOp {
    /** a + b */
    ADD,
    /** a - b */
    SUB,
    /** a * b */
    MUL,
    /** a / b */
    DIV,
    /** max(a, b) */
    MAX,
    /** 1 where a &gt; b, else 0 */
    GREATER;

    /** The function on two doubles; the reference semantics every backend matches. */
    public double apply(double a, double b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
            case GREATER -> a > b ? 1.0 : 0.0;
        };
    }
}

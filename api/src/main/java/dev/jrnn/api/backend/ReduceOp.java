package dev.jrnn.api.backend;

/** Reductions along one axis. */
public enum ReduceOp {
    /** sum over the axis */
    SUM,
    /** maximum over the axis */
    MAX
}

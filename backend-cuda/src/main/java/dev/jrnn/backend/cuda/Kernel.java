package dev.jrnn.backend.cuda;

import dev.jrnn.api.DType;

/**
 * Every kernel the backend launches: the PTX module ({@code <module>.ptx}, compiled from
 * {@code src/main/cuda/<module>.cu}) and the entry name, which takes the suffix {@code _f32} or
 * {@code _f64} of the dtype. The resource test checks each entry against the shipped PTX.
 */
enum Kernel {
    UNARY("elementwise", "unary"),
    BINARY("elementwise", "binary"),
    REDUCE_AXIS("reduce", "reduce_axis"),
    REDUCE_ROWS("reduce", "reduce_rows"),
    PERMUTE("movement", "permute"),
    COPY_ROWS("movement", "copy_rows"),
    GEMM("gemm", "gemm"),
    LSTM_FORWARD("recurrent", "lstm_forward"),
    GRU_FORWARD("recurrent", "gru_forward"),
    RNN_FORWARD("recurrent", "rnn_forward"),
    LSTM_BACKWARD("recurrent", "lstm_backward"),
    GRU_BACKWARD("recurrent", "gru_backward"),
    RNN_BACKWARD("recurrent", "rnn_backward");

    private final String module;
    private final String baseName;

    Kernel(String module, String baseName) {
        this.module = module;
        this.baseName = baseName;
    }

    /** The PTX module (resource name without {@code .ptx}) that holds this kernel. */
    String module() {
        return module;
    }

    /** The {@code extern "C"} entry name of the instance for {@code dtype}, e.g. {@code gemm_f32}. */
    String entry(DType dtype) {
        return baseName + (dtype == DType.FLOAT32 ? "_f32" : "_f64");
    }
}

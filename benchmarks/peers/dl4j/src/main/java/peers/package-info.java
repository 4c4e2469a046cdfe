/**
 * The Java peers of jrnn's side-by-side benchmark: Deeplearning4j's MultiLayerNetwork LSTM
 * ({@link peers.Dl4jRnnBench}), SameDiff's native lstmLayer and gru ops ({@link peers.SameDiffRnnBench})
 * and ND4J's raw GEMM ({@link peers.Nd4jGemmBench}), timed as the PyTorch peer is
 * ({@link peers.BenchUtil}). Provenance: see {@code benchmarks/peers/README.md}.
 */
package peers;

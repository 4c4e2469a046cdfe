/**
 * JMH benchmarks of jrnn's recurrent workloads (W1-W5) and of each backend's FP32 GEMM ceiling,
 * written against the public model API as a user would, and the front end that runs them on every
 * backend present and prints milliseconds and GFLOP/s.
 */
package dev.jrnn.benchmarks;

package dev.jrnn.forecast;

/** How a forecaster produces several steps ahead. */
public enum Strategy {
    /** One head emits the whole horizon from the state after the input window. */
    DIRECT,
    /** One step at a time: each forecast is fed back as the next input, the recurrent state carried. */
    RECURSIVE
}

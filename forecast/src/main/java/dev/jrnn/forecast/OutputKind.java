package dev.jrnn.forecast;

/** What the network's head emits for each forecast step, and the loss it is trained with. */
public enum OutputKind {
    /** One value, trained with the squared error. */
    POINT,
    /** Mean and scale of a Gaussian, trained with its negative log-likelihood; intervals {@code mu +- z sigma}. */
    GAUSSIAN,
    /** Several quantiles, trained with the pinball loss; the median is the point forecast. */
    QUANTILE
}

package dev.jrnn.forecast.data;

/** Which known future covariates are computed from the timestamps, and how they are encoded. */
public enum Covariates {
    /** None. */
    NONE,
    /** Each calendar field (month, day of week, hour) as {@code sin, cos} of its phase. */
    SIN_COS,
    /** Each calendar field as a one-hot vector. */
    ONE_HOT
}

package dev.jrnn.models.optim;

/** A schedule with a readable {@code toString}: what the factories of {@link LearningRateSchedule} return. */
final class NamedSchedule implements LearningRateSchedule {
    private final String description;
    private final LearningRateSchedule rates;

    NamedSchedule(String description, LearningRateSchedule rates) {
        this.description = description;
        this.rates = rates;
    }

    @Override
    public double rate(int epoch) {
        return rates.rate(epoch);
    }

    @Override
    public String toString() {
        return description;
    }
}

package dev.jrnn.forecast.eval;

import java.util.Locale;

/**
 * The components of an exponential smoothing state space model in the taxonomy of Hyndman,
 * Koehler, Ord and Snyder (2008), written {@code ETS(error, trend, season)}, for example
 * {@code ETS(M,Ad,M)}: multiplicative errors, damped additive trend, multiplicative season.
 *
 * @param error  how the innovations enter
 * @param trend  none, additive or damped additive
 * @param season none, additive or multiplicative
 */
public record EtsSpec(ErrorType error, TrendType trend, SeasonType season) {

    /** Additive ({@code y = mu + e}) or multiplicative ({@code y = mu (1 + e)}) innovations. */
    public enum ErrorType { ADDITIVE, MULTIPLICATIVE }

    /** No trend, an additive one, or an additive one damped by {@code phi}. */
    public enum TrendType { NONE, ADDITIVE, DAMPED }

    /** No season, an additive or a multiplicative one. */
    public enum SeasonType { NONE, ADDITIVE, MULTIPLICATIVE }

    public EtsSpec {
        if (error == null || trend == null || season == null) {
            throw new IllegalArgumentException("an ETS model needs its error, trend and season types");
        }
    }

    /**
     * The model of a short code such as {@code "ANN"}, {@code "MAdM"} or {@code "ETS(M,Ad,M)"}:
     * the error ({@code A}/{@code M}), the trend ({@code N}/{@code A}/{@code Ad}), the season
     * ({@code N}/{@code A}/{@code M}).
     */
    public static EtsSpec parse(String code) {
        String c = code.trim().toUpperCase(Locale.ROOT).replace("ETS(", "").replace(")", "").replace(",", "");
        if (c.length() < 3 || c.length() > 4 || c.length() == 4 && c.charAt(2) != 'D') {
            throw new IllegalArgumentException("unknown ETS model '" + code + "'; expected e.g. ANN, AAdN or MAM");
        }
        ErrorType error = switch (c.charAt(0)) {
            case 'A' -> ErrorType.ADDITIVE;
            case 'M' -> ErrorType.MULTIPLICATIVE;
            default -> throw new IllegalArgumentException("unknown ETS error type in '" + code + "'; expected A or M");
        };
        TrendType trend = switch (c.substring(1, c.length() - 1)) {
            case "N" -> TrendType.NONE;
            case "A" -> TrendType.ADDITIVE;
            case "AD" -> TrendType.DAMPED;
            default -> throw new IllegalArgumentException("unknown ETS trend type in '" + code + "'; expected N, A or Ad");
        };
        SeasonType season = switch (c.charAt(c.length() - 1)) {
            case 'N' -> SeasonType.NONE;
            case 'A' -> SeasonType.ADDITIVE;
            case 'M' -> SeasonType.MULTIPLICATIVE;
            default -> throw new IllegalArgumentException("unknown ETS season type in '" + code + "'; expected N, A or M");
        };
        return new EtsSpec(error, trend, season);
    }

    /** Whether the model has a trend. */
    public boolean trended() {
        return trend != TrendType.NONE;
    }

    /** Whether the model has a season. */
    public boolean seasonal() {
        return season != SeasonType.NONE;
    }

    /**
     * Whether R's {@code ets} leaves the model out of its search by default ({@code restrict = TRUE}):
     * additive errors with a multiplicative season, whose variance can be infinite.
     */
    public boolean restricted() {
        return error == ErrorType.ADDITIVE && season == SeasonType.MULTIPLICATIVE;
    }

    @Override
    public String toString() {
        String t = switch (trend) {
            case NONE -> "N";
            case ADDITIVE -> "A";
            case DAMPED -> "Ad";
        };
        return "ETS(" + error.name().charAt(0) + "," + t + "," + season.name().charAt(0) + ")";
    }
}

package dev.jrnn.forecast.eval;

/**
 * The orders of a seasonal ARIMA model {@code ARIMA(p,d,q)(P,D,Q)[m]}:
 * {@code phi(B) Phi(B^m) (1-B)^d (1-B^m)^D (x_t - mu t^(d+D) / (d+D)!) = theta(B) Theta(B^m) e_t},
 * the constant {@code mu} (a mean without differencing, a drift with one difference) being there
 * only when {@code constant} is set and {@code d + D < 2}.
 *
 * @param p        non-seasonal autoregressive order
 * @param d        non-seasonal differences
 * @param q        non-seasonal moving-average order
 * @param seasonP  seasonal autoregressive order {@code P}
 * @param seasonD  seasonal differences {@code D}
 * @param seasonQ  seasonal moving-average order {@code Q}
 * @param season   season length {@code m}; 1 for a non-seasonal model
 * @param constant whether the differenced series has a non-zero mean
 */
public record ArimaSpec(int p, int d, int q, int seasonP, int seasonD, int seasonQ, int season, boolean constant) {
    public ArimaSpec {
        if (p < 0 || d < 0 || q < 0 || seasonP < 0 || seasonD < 0 || seasonQ < 0 || season < 1) {
            throw new IllegalArgumentException("ARIMA orders must be non-negative and the season positive, got "
                    + describe(p, d, q, seasonP, seasonD, seasonQ, season));
        }
        if (season == 1 && (seasonP > 0 || seasonD > 0 || seasonQ > 0)) {
            throw new IllegalArgumentException("a seasonal ARIMA part needs a season above 1, got "
                    + describe(p, d, q, seasonP, seasonD, seasonQ, season));
        }
        if (constant && d + seasonD >= 2) {
            throw new IllegalArgumentException("an ARIMA model differenced twice has no constant, got "
                    + describe(p, d, q, seasonP, seasonD, seasonQ, season));
        }
    }

    /** Coefficients estimated: the AR, MA, seasonal AR and MA ones and the constant. */
    public int parameters() {
        return p + q + seasonP + seasonQ + (constant ? 1 : 0);
    }

    /** For example {@code ARIMA(0,1,1)(0,1,1)[12]} or {@code ARIMA(1,1,0) with drift}. */
    @Override
    public String toString() {
        String c = !constant ? "" : d + seasonD == 0 ? " with non-zero mean" : " with drift";
        return describe(p, d, q, seasonP, seasonD, seasonQ, season) + c;
    }

    private static String describe(int p, int d, int q, int sp, int sd, int sq, int m) {
        String s = "ARIMA(" + p + "," + d + "," + q + ")";
        return m > 1 && (sp > 0 || sd > 0 || sq > 0) ? s + "(" + sp + "," + sd + "," + sq + ")[" + m + "]" : s;
    }
}

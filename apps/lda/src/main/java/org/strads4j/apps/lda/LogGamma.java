package org.strads4j.apps.lda;

/**
 * The log-gamma function for positive arguments: the Stirling series after shifting the argument
 * above 10 with {@code Gamma(x + 1) = x Gamma(x)} (absolute error below 1e-13), as MALLET's
 * {@code Dirichlet.logGammaStirling}.
 */
public final class LogGamma {
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private LogGamma() {
    }

    /** {@code log Gamma(x)} for {@code x > 0}. */
    public static double of(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("log-gamma needs x > 0, got " + x);
        }
        double product = 1;
        while (x < 10) {
            product *= x;
            x += 1;
        }
        double inv = 1 / x;
        double inv2 = inv * inv;
        double series = inv * (1 / 12.0 - inv2 * (1 / 360.0 - inv2 * (1 / 1260.0 - inv2 * (1 / 1680.0 - inv2 / 1188.0))));
        return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series - Math.log(product);
    }
}

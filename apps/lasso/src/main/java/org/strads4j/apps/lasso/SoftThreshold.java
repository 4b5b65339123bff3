package org.strads4j.apps.lasso;

/** The soft-thresholding operator {@code S(z, g) = sign(z) max(|z| - g, 0)}. */
public final class SoftThreshold {
    private SoftThreshold() {
    }

    /** {@code S(z, g)} for {@code g >= 0}. */
    public static double apply(double z, double g) {
        if (z > g) {
            return z - g;
        }
        if (z < -g) {
            return z + g;
        }
        return 0.0;
    }

    /**
     * The minimiser of {@code h/2 x^2 - q x + lambda |x|}: {@code S(q, lambda) / h}, or 0 for an
     * empty column ({@code h = 0}). The one-coordinate Lasso update.
     */
    public static double minimiser(double q, double h, double lambda) {
        return h > 0 ? apply(q, lambda) / h : 0.0;
    }
}

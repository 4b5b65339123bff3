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
}

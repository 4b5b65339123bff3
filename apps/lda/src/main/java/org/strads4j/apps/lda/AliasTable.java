package org.strads4j.apps.lda;

import java.util.SplittableRandom;

/**
 * Walker's alias method (Vose's construction): after O(n) set-up, draws an index with
 * probability proportional to its weight in O(1), one uniform number per draw.
 */
public final class AliasTable {
    private final double[] threshold;
    private final int[] alias;

    /** A table for {@code weights} (non-negative, not all zero). */
    public AliasTable(double[] weights) {
        int n = weights.length;
        double sum = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("alias weights must be finite and >= 0, got " + w);
            }
            sum += w;
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("alias weights must not all be zero");
        }
        this.threshold = new double[n];
        this.alias = new int[n];
        int[] small = new int[n];
        int[] large = new int[n];
        int ns = 0;
        int nl = 0;
        for (int i = 0; i < n; i++) {
            threshold[i] = weights[i] * n / sum;
            alias[i] = i;
            if (threshold[i] < 1) {
                small[ns++] = i;
            } else {
                large[nl++] = i;
            }
        }
        while (ns > 0 && nl > 0) {
            int s = small[--ns];
            int l = large[--nl];
            alias[s] = l;
            threshold[l] -= 1 - threshold[s];
            if (threshold[l] < 1) {
                small[ns++] = l;
            } else {
                large[nl++] = l;
            }
        }
        // Left-overs are 1 up to rounding.
        while (nl > 0) {
            threshold[large[--nl]] = 1;
        }
        while (ns > 0) {
            threshold[small[--ns]] = 1;
        }
    }

    /** An index drawn with probability proportional to its weight. */
    public int draw(SplittableRandom random) {
        double u = random.nextDouble() * threshold.length;
        int i = (int) u;
        return u - i < threshold[i] ? i : alias[i];
    }

    /** Number of outcomes. */
    public int size() {
        return threshold.length;
    }
}

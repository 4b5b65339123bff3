package org.strads4j.apps.lasso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LassoEvaluateTest {

    @Test
    void gapIsZeroAtTheOptimumAndBoundsTheSuboptimalityElsewhere() {
        // One column x = (1, 1), y = (1, 3), n = 2, lambda = 0.5: P(b) = ((1-b)^2 + (3-b)^2)/4 + b/2.
        // P'(b) = (b - 1 + b - 3)/2 + 1/2 = b - 1.5 => b* = 1.5, P* = (0.25 + 2.25)/4 + 0.75 = 1.375.
        double n = 2;
        double lambda = 0.5;
        for (double b : new double[] {1.5, 0.0, 1.0, 3.0}) {
            double r1 = 1 - b;
            double r2 = 3 - b;
            double[] sum = {r1 * r1 + r2 * r2, r1 * 1 + r2 * 3, r1 + r2};
            double gap = LassoEvaluate.dualityGap(sum, n, lambda, Math.abs(b));
            double primal = sum[0] / (2 * n) + lambda * Math.abs(b);
            if (b == 1.5) {
                assertEquals(0.0, gap, 1e-15);
                assertEquals(1.375, primal, 1e-15);
            } else {
                assertTrue(gap >= primal - 1.375 - 1e-15, "gap " + gap + " bounds P - P* = " + (primal - 1.375));
                assertTrue(gap > 0);
            }
        }
    }
}

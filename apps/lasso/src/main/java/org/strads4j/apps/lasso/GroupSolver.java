package org.strads4j.apps.lasso;

/**
 * Solves the Lasso restricted to a small group of coordinates exactly:
 * {@code min_b 1/2 b^T G b - q^T b + lambda ||b||_1} with {@code G} the group's Gram matrix over
 * n and {@code q = x_B^T r / n + G b_old}. Coordinate descent sweeps (warm-started at
 * {@code b_old}) find the signs; an active-set Newton step (a Cholesky solve of
 * {@code G_SS b_S = q_S - lambda s_S}) then lands on the exact minimiser when it keeps the signs
 * and the KKT conditions hold. A group of one is the plain soft-threshold update of STRADS Lasso.
 * Work arrays are allocated once and reused.
 */
final class GroupSolver {
    private static final int MAX_SWEEPS = 2000;
    private double[] chol = new double[0];
    private double[] rhs = new double[0];
    private int[] support = new int[0];
    private double[] polished = new double[0];

    /**
     * @param m      group size
     * @param gram   row-major m x m Gram matrix over n
     * @param q      the linear term (length m)
     * @param lambda the L1 weight
     * @param b      in: the current values; out: the minimiser
     */
    void solve(int m, double[] gram, double[] q, double lambda, double[] b) {
        if (m == 1) {
            b[0] = gram[0] > 0 ? SoftThreshold.apply(q[0], lambda) / gram[0] : 0.0;
            return;
        }
        ensure(m);
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double maxDelta = sweep(m, gram, q, lambda, b);
            double scale = 0;
            for (int i = 0; i < m; i++) {
                scale = Math.max(scale, Math.abs(b[i]));
            }
            if (maxDelta <= 1e-13 * scale || maxDelta == 0) {
                return;
            }
            if (sweep % 8 == 7 && polish(m, gram, q, lambda, b)) {
                return;
            }
        }
        polish(m, gram, q, lambda, b);
    }

    private static double sweep(int m, double[] gram, double[] q, double lambda, double[] b) {
        double maxDelta = 0;
        for (int i = 0; i < m; i++) {
            double gii = gram[i * m + i];
            if (!(gii > 0)) {
                b[i] = 0.0;
                continue;
            }
            double z = q[i];
            for (int k = 0; k < m; k++) {
                if (k != i) {
                    z -= gram[i * m + k] * b[k];
                }
            }
            double nb = SoftThreshold.apply(z, lambda) / gii;
            maxDelta = Math.max(maxDelta, Math.abs(nb - b[i]));
            b[i] = nb;
        }
        return maxDelta;
    }

    /** The Newton step on the current support; kept only if signs and KKT conditions hold. */
    private boolean polish(int m, double[] gram, double[] q, double lambda, double[] b) {
        int s = 0;
        for (int i = 0; i < m; i++) {
            if (b[i] != 0) {
                support[s++] = i;
            }
        }
        if (s == 0) {
            return false;
        }
        for (int a = 0; a < s; a++) {
            int i = support[a];
            rhs[a] = q[i] - lambda * Math.signum(b[i]);
            for (int c = 0; c < s; c++) {
                chol[a * s + c] = gram[i * m + support[c]];
            }
        }
        if (!choleskySolve(s, chol, rhs)) {
            return false;
        }
        for (int a = 0; a < s; a++) {
            if (Math.signum(rhs[a]) != Math.signum(b[support[a]])) {
                return false;
            }
        }
        java.util.Arrays.fill(polished, 0, m, 0.0);
        for (int a = 0; a < s; a++) {
            polished[support[a]] = rhs[a];
        }
        for (int i = 0; i < m; i++) {
            if (polished[i] == 0) {
                double g = q[i];
                for (int k = 0; k < m; k++) {
                    g -= gram[i * m + k] * polished[k];
                }
                if (Math.abs(g) > lambda * (1 + 1e-12)) {
                    return false;
                }
            }
        }
        System.arraycopy(polished, 0, b, 0, m);
        return true;
    }

    /** Solves {@code A x = rhs} in place for symmetric positive definite A (row-major s x s). */
    static boolean choleskySolve(int s, double[] a, double[] rhs) {
        for (int j = 0; j < s; j++) {
            double d = a[j * s + j];
            for (int k = 0; k < j; k++) {
                d -= a[j * s + k] * a[j * s + k];
            }
            if (!(d > 1e-14 * Math.abs(a[j * s + j])) || !(d > 0)) {
                return false;
            }
            d = Math.sqrt(d);
            a[j * s + j] = d;
            for (int i = j + 1; i < s; i++) {
                double v = a[i * s + j];
                for (int k = 0; k < j; k++) {
                    v -= a[i * s + k] * a[j * s + k];
                }
                a[i * s + j] = v / d;
            }
        }
        for (int i = 0; i < s; i++) {
            double v = rhs[i];
            for (int k = 0; k < i; k++) {
                v -= a[i * s + k] * rhs[k];
            }
            rhs[i] = v / a[i * s + i];
        }
        for (int i = s - 1; i >= 0; i--) {
            double v = rhs[i];
            for (int k = i + 1; k < s; k++) {
                v -= a[k * s + i] * rhs[k];
            }
            rhs[i] = v / a[i * s + i];
        }
        return true;
    }

    private void ensure(int m) {
        if (support.length < m) {
            chol = new double[m * m];
            rhs = new double[m];
            support = new int[m];
            polished = new double[m];
        }
    }
}

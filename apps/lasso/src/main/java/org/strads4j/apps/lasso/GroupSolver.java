package org.strads4j.apps.lasso;

import java.util.Arrays;

/**
 * Solves the Lasso restricted to a small group of coordinates exactly:
 * {@code min_x f(x) = 1/2 x^T G x - q^T x + lambda ||x||_1}, with {@code G} the group's Gram matrix
 * over n and {@code q = x_B^T r / n + G b_old}, by feature-sign search (Lee, Battle, Raina, Ng,
 * "Efficient sparse coding algorithms", NIPS 2007): an active set with guessed signs, the exact
 * quadratic solve on it, and a line search that stops at the first sign change; it ends when the
 * optimality conditions hold for every coordinate, in finitely many steps. Warm-started at
 * {@code b_old}. A group of one is the plain soft-threshold update of STRADS Lasso. Should the
 * active Gram matrix be singular (more active columns than rows), coordinate descent takes over.
 * Work arrays are allocated once per group size and reused.
 */
final class GroupSolver {
    private static final double KKT_TOL = 1e-12;
    private int cap = -1;
    private double[] grad;
    private double[] chol;
    private double[] rhs;
    private double[] target;
    private double[] trial;
    private int[] active;
    private double[] theta;

    /**
     * @param m      group size
     * @param gram   row-major m x m Gram matrix over n
     * @param q      the linear term (length m)
     * @param lambda the L1 weight
     * @param x      in: the current values; out: the minimiser
     */
    void solve(int m, double[] gram, double[] q, double lambda, double[] x) {
        if (m == 1) {
            x[0] = SoftThreshold.minimiser(q[0], gram[0], lambda);
            return;
        }
        ensure(m);
        for (int i = 0; i < m; i++) {
            theta[i] = Math.signum(x[i]);
        }
        for (int outer = 0; outer < 20 * m + 20; outer++) {
            gradient(m, gram, q, x);
            if (!activateViolator(m, lambda, x) && activeOptimal(m, lambda, x)) {
                return;
            }
            if (!featureSignStep(m, gram, q, lambda, x)) {
                coordinateDescent(m, gram, q, lambda, x);
                return;
            }
        }
        coordinateDescent(m, gram, q, lambda, x);
    }

    /** grad = G x - q (the smooth part's gradient). */
    private void gradient(int m, double[] gram, double[] q, double[] x) {
        for (int i = 0; i < m; i++) {
            double g = -q[i];
            for (int k = 0; k < m; k++) {
                g += gram[i * m + k] * x[k];
            }
            grad[i] = g;
        }
    }

    /** Step 2: the zero coordinate that violates |grad_i| <= lambda most joins with the sign that lowers f. */
    private boolean activateViolator(int m, double lambda, double[] x) {
        int best = -1;
        double worst = lambda * (1 + KKT_TOL);
        for (int i = 0; i < m; i++) {
            if (theta[i] == 0 && Math.abs(grad[i]) > worst) {
                worst = Math.abs(grad[i]);
                best = i;
            }
        }
        if (best < 0) {
            return false;
        }
        theta[best] = grad[best] > 0 ? -1.0 : 1.0;
        return true;
    }

    /** Step 4a: every active coordinate satisfies grad_i + lambda sign(x_i) = 0. */
    private boolean activeOptimal(int m, double lambda, double[] x) {
        double scale = lambda;
        for (int i = 0; i < m; i++) {
            scale = Math.max(scale, Math.abs(grad[i]));
        }
        for (int i = 0; i < m; i++) {
            if (theta[i] != 0 && Math.abs(grad[i] + lambda * theta[i]) > 1e-11 * scale) {
                return false;
            }
        }
        return true;
    }

    /**
     * Step 3: the minimiser of the quadratic with the signs {@code theta} fixed on the active set,
     * then a line search from {@code x} towards it over the points where a coefficient crosses
     * zero; the best point is kept and coefficients that reached zero leave the active set.
     *
     * @return false when the active Gram matrix is not positive definite
     */
    private boolean featureSignStep(int m, double[] gram, double[] q, double lambda, double[] x) {
        int s = 0;
        for (int i = 0; i < m; i++) {
            if (theta[i] != 0) {
                active[s++] = i;
            }
        }
        for (int a = 0; a < s; a++) {
            int i = active[a];
            rhs[a] = q[i] - lambda * theta[i];
            for (int c = 0; c < s; c++) {
                chol[a * s + c] = gram[i * m + active[c]];
            }
        }
        if (!choleskySolve(s, chol, rhs)) {
            return false;
        }
        Arrays.fill(target, 0, m, 0.0);
        for (int a = 0; a < s; a++) {
            target[active[a]] = rhs[a];
        }
        // Candidates: the target, and every point on the segment where an active coefficient changes sign.
        double bestF = objective(m, gram, q, lambda, target);
        double bestT = 1.0;
        int crossing = -1;
        for (int a = 0; a < s; a++) {
            int i = active[a];
            double from = x[i];
            double to = target[i];
            if (from != 0 && Math.signum(from) != Math.signum(to)) {
                double t = from / (from - to);
                for (int k = 0; k < m; k++) {
                    trial[k] = x[k] + t * (target[k] - x[k]);
                }
                trial[i] = 0.0;
                double f = objective(m, gram, q, lambda, trial);
                if (f < bestF) {
                    bestF = f;
                    bestT = t;
                    crossing = i;
                }
            }
        }
        for (int k = 0; k < m; k++) {
            double v = x[k] + bestT * (target[k] - x[k]);
            if (bestT < 1.0 && x[k] != 0 && Math.signum(x[k]) != Math.signum(target[k])
                    && Math.abs(v) <= 1e-15 * (Math.abs(x[k]) + Math.abs(target[k]))) {
                v = 0.0;
            }
            x[k] = v;
        }
        if (crossing >= 0) {
            x[crossing] = 0.0; // the point evaluated above: the crossing coordinate is exactly zero there
        }
        for (int i = 0; i < m; i++) {
            theta[i] = Math.signum(x[i]);
        }
        return true;
    }

    private double objective(int m, double[] gram, double[] q, double lambda, double[] v) {
        double f = 0;
        for (int i = 0; i < m; i++) {
            if (v[i] == 0) {
                continue;
            }
            double gi = 0;
            for (int k = 0; k < m; k++) {
                gi += gram[i * m + k] * v[k];
            }
            f += 0.5 * v[i] * gi - q[i] * v[i] + lambda * Math.abs(v[i]);
        }
        return f;
    }

    /** The fallback: cyclic coordinate descent to a tight tolerance. */
    static void coordinateDescent(int m, double[] gram, double[] q, double lambda, double[] x) {
        for (int sweep = 0; sweep < 100_000; sweep++) {
            double maxDelta = 0;
            double scale = 0;
            for (int i = 0; i < m; i++) {
                double z = q[i];
                for (int k = 0; k < m; k++) {
                    if (k != i) {
                        z -= gram[i * m + k] * x[k];
                    }
                }
                double nx = SoftThreshold.minimiser(z, gram[i * m + i], lambda);
                maxDelta = Math.max(maxDelta, Math.abs(nx - x[i]));
                scale = Math.max(scale, Math.abs(nx));
                x[i] = nx;
            }
            if (maxDelta <= 1e-15 * scale || maxDelta == 0) {
                return;
            }
        }
    }

    /** Solves {@code A x = rhs} in place for symmetric positive definite A (row-major s x s). */
    static boolean choleskySolve(int s, double[] a, double[] rhs) {
        for (int j = 0; j < s; j++) {
            double d = a[j * s + j];
            for (int k = 0; k < j; k++) {
                d -= a[j * s + k] * a[j * s + k];
            }
            if (!(d > 1e-13 * Math.abs(a[j * s + j]))) {
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
        if (m > cap) {
            cap = m;
            grad = new double[m];
            chol = new double[m * m];
            rhs = new double[m];
            target = new double[m];
            trial = new double[m];
            active = new int[m];
            theta = new double[m];
        }
    }
}

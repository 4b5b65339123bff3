package org.strads4j.apps.lasso;

/**
 * Solves the Lasso restricted to a working set {@code W} (every coefficient outside it zero) from
 * its Gram matrix, to a duality gap: coordinate descent with covariance updates (Friedman, Hastie,
 * Tibshirani, "Regularization paths for generalized linear models via coordinate descent", JSS
 * 2010), which keeps {@code c = X_W^T r / n} current at O(|W|) per changed coordinate and never
 * touches the data. Sweeps alternate between all of {@code W} and its nonzero coefficients alone
 * until a full sweep changes nothing, as glmnet does.
 *
 * <p>Everything the gap needs follows from the state at the start of the solve ({@code r0}:
 * {@code ||r0||^2}, {@code r0^T y}, {@code c0 = X_W^T r0 / n}) and the change {@code d = x - x0}:
 * {@code ||r||^2 = ||r0||^2 - n d^T (c0 + c)}, {@code r^T y = r0^T y - d^T X_W^T y}. The gap is
 * that of the subproblem (the dual point is scaled by {@code max |c|} over {@code W}), as celer
 * (Massias, Gramfort, Salmon, ICML 2018) solves its working sets; whether the whole problem is
 * solved is the evaluation's to say.
 */
final class WorkingSetSolver {
    /** Full passes over the set before the solver gives up on the target (the caller evaluates anyway). */
    static final int MAX_PASSES = 2_000;
    /** Passes over the nonzero coefficients alone between two full passes, at most. */
    static final int MAX_ACTIVE_PASSES = 200;

    private WorkingSetSolver() {
    }

    /** What a solve did. */
    record Outcome(int passes, double gap) {
    }

    /**
     * @param m         size of the set
     * @param gram      row-major m x m Gram matrix over n ({@link LassoData#gram})
     * @param c0        {@code X_W^T r0 / n} at the start
     * @param xty       {@code X_W^T y} (unscaled)
     * @param rr0       {@code ||r0||^2}
     * @param ry0       {@code r0^T y}
     * @param n         rows
     * @param lambda    the L1 weight
     * @param targetGap stop once the subproblem's gap (objective units) is at most this
     * @param maxPasses the most full passes
     * @param x         in: the coefficients at r0; out: the solution
     */
    static Outcome solve(int m, double[] gram, double[] c0, double[] xty, double rr0, double ry0, int n,
                         double lambda, double targetGap, int maxPasses, double[] x) {
        double[] x0 = x.clone();
        double[] c = c0.clone();
        return iterate(activeOnly -> sweep(m, gram, c, lambda, x, activeOnly),
                () -> gap(m, c0, c, xty, rr0, ry0, n, lambda, x, x0), targetGap, maxPasses);
    }

    /**
     * The same subproblem by coordinate descent on the residual, which the coordinator rebuilds
     * from its copy of the columns ({@code r = y - X b}): a coordinate costs its column's nonzeros
     * instead of {@code |W|}, the better choice when columns are sparse (text, the p = 1M set), and
     * the gap is exact at every check.
     *
     * @param w the set's coordinates; {@code x} their coefficients (in: current, out: solution)
     */
    static Outcome solveByResidual(LassoData data, int[] w, int m, double[] b, double lambda, double targetGap,
                                   int maxPasses, double[] x) {
        int n = data.rows();
        double[] r = data.residual(b);
        double[] h = new double[m];
        for (int i = 0; i < m; i++) {
            h[i] = data.normSq(w[i]) / n;
        }
        return iterate(activeOnly -> residualSweep(data, w, m, h, r, lambda, x, activeOnly, n),
                () -> residualGap(data, w, m, r, lambda, x), targetGap, maxPasses);
    }

    /** One pass of coordinate descent (over the nonzeros only when asked); returns its decrease proxy. */
    private interface Pass {
        double run(boolean activeOnly);
    }

    /**
     * The loop both solvers share: a full pass, then passes over the nonzero coefficients alone
     * until they settle (as glmnet does), then the gap. It stops at the target gap, when a full
     * pass and the active passes after it change nothing (a fixed point), or after
     * {@code maxPasses} full passes. The target is never below what double precision can certify
     * ({@link WorkingSets#NUMERICAL_FLOOR}).
     */
    private static Outcome iterate(Pass pass, java.util.function.DoubleSupplier gapNow, double targetGap,
                                   int maxPasses) {
        double gap = Double.POSITIVE_INFINITY;
        int passes = 0;
        while (passes < maxPasses) {
            double moved = pass.run(false);
            passes++;
            for (int inner = 0; inner < MAX_ACTIVE_PASSES; inner++) {
                double step = pass.run(true);
                moved += step;
                if (step <= 1e-3 * Math.max(targetGap, 1e-300)) {
                    break;
                }
            }
            gap = gapNow.getAsDouble();
            if (gap <= targetGap || moved == 0) {
                break;
            }
        }
        return new Outcome(passes, gap);
    }

    private static double residualSweep(LassoData data, int[] w, int m, double[] h, double[] r, double lambda,
                                        double[] x, boolean activeOnly, int n) {
        double moved = 0;
        for (int i = 0; i < m; i++) {
            double xi = x[i];
            if (activeOnly && xi == 0) {
                continue;
            }
            double hi = h[i];
            double nx = SoftThreshold.minimiser(data.dot(w[i], r) / n + hi * xi, hi, lambda);
            double delta = nx - xi;
            if (delta == 0) {
                continue;
            }
            x[i] = nx;
            moved += 0.5 * hi * delta * delta;
            data.axpy(w[i], -delta, r);
        }
        return moved;
    }

    /** The subproblem's gap at the residual {@code r}: the dual point scaled by {@code max |x_j^T r|} over the set. */
    static double residualGap(LassoData data, int[] w, int m, double[] r, double lambda, double[] x) {
        double rr = 0;
        double ry = 0;
        double[] y = data.y();
        for (int k = 0; k < r.length; k++) {
            rr += r[k] * r[k];
            ry += r[k] * y[k];
        }
        double dual = 0;
        double l1 = 0;
        for (int i = 0; i < m; i++) {
            dual = Math.max(dual, Math.abs(data.dot(w[i], r)));
            l1 += Math.abs(x[i]);
        }
        return LassoEvaluate.dualityGap(rr, ry, dual, data.rows(), lambda, l1);
    }

    /**
     * One pass of coordinate descent over the set (its nonzeros only when {@code activeOnly});
     * returns the summed decrease proxy {@code sum G_ii delta_i^2 / 2}.
     */
    private static double sweep(int m, double[] gram, double[] c, double lambda, double[] x, boolean activeOnly) {
        double moved = 0;
        for (int i = 0; i < m; i++) {
            double xi = x[i];
            if (activeOnly && xi == 0) {
                continue;
            }
            double h = gram[i * m + i];
            double nx = SoftThreshold.minimiser(c[i] + h * xi, h, lambda);
            double delta = nx - xi;
            if (delta == 0) {
                continue;
            }
            x[i] = nx;
            moved += 0.5 * h * delta * delta;
            int row = i * m;
            for (int k = 0; k < m; k++) {
                c[k] -= gram[row + k] * delta;
            }
        }
        return moved;
    }

    /** The subproblem's duality gap at {@code x}, in objective units (as {@link LassoEvaluate#dualityGap}). */
    static double gap(int m, double[] c0, double[] c, double[] xty, double rr0, double ry0, int n, double lambda,
                      double[] x, double[] x0) {
        double dc = 0;
        double dy = 0;
        double l1 = 0;
        double dual = 0;
        for (int i = 0; i < m; i++) {
            double d = x[i] - x0[i];
            dc += d * (c0[i] + c[i]);
            dy += d * xty[i];
            l1 += Math.abs(x[i]);
            dual = Math.max(dual, Math.abs(c[i]));
        }
        double rr = Math.max(rr0 - n * dc, 0.0);
        double ry = ry0 - dy;
        return LassoEvaluate.dualityGap(rr, ry, n * dual, n, lambda, l1);
    }
}

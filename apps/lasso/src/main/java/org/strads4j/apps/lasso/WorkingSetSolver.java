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
    record Outcome(int passes, double gap, long extrapolations) {
        Outcome(int passes, double gap) {
            this(passes, gap, 0);
        }
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
        Anderson anderson = new Anderson(data, w, m, r, lambda, x);
        Outcome o = iterate(activeOnly -> {
            double moved = residualSweep(data, w, m, h, r, lambda, x, activeOnly, n);
            anderson.afterPass();
            return moved;
        }, () -> residualGap(data, w, m, r, lambda, x), targetGap, maxPasses);
        return new Outcome(o.passes(), o.gap(), anderson.taken());
    }

    /**
     * Anderson extrapolation of the coordinate-descent iterates (as celer and skglm accelerate
     * their working-set solvers: Bertrand and Massias, "Anderson acceleration of coordinate
     * descent", AISTATS 2021): after every {@link #K} + 1 passes, the combination
     * {@code x_e = sum_k c_k x_k} of the last iterates with {@code sum c_k = 1} that minimises the
     * norm of the combined differences, taken only when it lowers the subproblem's objective
     * (so it never slows convergence, and the descent stays monotone). Only coordinates nonzero in
     * some stored iterate can change, so an attempt costs their nonzeros plus {@code O(n)}.
     */
    static final class Anderson {
        /** Differences per extrapolation. */
        static final int K = 5;
        private final LassoData data;
        private final int[] w;
        private final int m;
        private final double[] r;
        private final double lambda;
        private final double[] x;
        private final double[][] iterates = new double[K + 1][];
        private int stored;
        private long taken;

        Anderson(LassoData data, int[] w, int m, double[] r, double lambda, double[] x) {
            this.data = data;
            this.w = w;
            this.m = m;
            this.r = r;
            this.lambda = lambda;
            this.x = x;
        }

        /** Records the iterate after a pass; every K + 1 of them, tries the extrapolated point. */
        void afterPass() {
            double[] slot = iterates[stored];
            if (slot == null) {
                slot = new double[m];
                iterates[stored] = slot;
            }
            System.arraycopy(x, 0, slot, 0, m);
            stored++;
            if (stored == K + 1) {
                stored = 0;
                if (tryExtrapolated()) {
                    taken++;
                }
            }
        }

        private boolean tryExtrapolated() {
            double[] c = weights();
            if (c == null) {
                return false;
            }
            // the coordinates any stored iterate moved or holds nonzero: the only ones that change
            int[] moving = new int[m];
            int count = 0;
            double[] xe = new double[m];
            for (int i = 0; i < m; i++) {
                double v = 0;
                boolean any = false;
                for (int k = 0; k <= K; k++) {
                    double xi = iterates[k][i];
                    any |= xi != 0;
                }
                if (!any) {
                    continue;
                }
                for (int k = 1; k <= K; k++) {
                    v += c[k - 1] * iterates[k][i];
                }
                xe[i] = v;
                moving[count++] = i;
            }
            if (count == 0) {
                return false;
            }
            int n = data.rows();
            double[] re = r.clone();
            double l1 = 0;
            double l1e = 0;
            for (int t = 0; t < count; t++) {
                int i = moving[t];
                l1 += Math.abs(x[i]);
                l1e += Math.abs(xe[i]);
                double d = x[i] - xe[i];
                if (d != 0) {
                    data.axpy(w[i], d, re);
                }
            }
            double now = 0.5 * sumSq(r) / n + lambda * l1;
            double extrapolated = 0.5 * sumSq(re) / n + lambda * l1e;
            if (!(extrapolated < now)) {
                return false;
            }
            for (int t = 0; t < count; t++) {
                x[moving[t]] = xe[moving[t]];
            }
            System.arraycopy(re, 0, r, 0, r.length);
            return true;
        }

        /**
         * The weights {@code c} (length K, summing to 1) of the iterates 1..K: {@code z} solving
         * {@code (U^T U) z = 1} for the differences {@code U_k = x_(k+1) - x_k}, scaled to sum 1; null
         * when the system is singular (the iterates stopped moving).
         */
        private double[] weights() {
            double[][] u = new double[K][];
            for (int k = 0; k < K; k++) {
                double[] d = new double[m];
                double[] a = iterates[k];
                double[] b = iterates[k + 1];
                for (int i = 0; i < m; i++) {
                    d[i] = b[i] - a[i];
                }
                u[k] = d;
            }
            double[] gram = new double[K * K];
            double trace = 0;
            for (int a = 0; a < K; a++) {
                for (int b = a; b < K; b++) {
                    double v = 0;
                    for (int i = 0; i < m; i++) {
                        v += u[a][i] * u[b][i];
                    }
                    gram[a * K + b] = v;
                    gram[b * K + a] = v;
                }
                trace += gram[a * K + a];
            }
            if (!(trace > 0)) {
                return null;
            }
            double[] z = new double[K];
            java.util.Arrays.fill(z, 1.0);
            // a small ridge keeps nearly parallel differences solvable, as celer regularises
            for (int k = 0; k < K; k++) {
                gram[k * K + k] += 1e-10 * trace;
            }
            if (!GroupSolver.choleskySolve(K, gram, z)) {
                return null;
            }
            double sum = 0;
            for (double v : z) {
                sum += v;
            }
            if (!(Math.abs(sum) > 1e-300) || !Double.isFinite(sum)) {
                return null;
            }
            for (int k = 0; k < K; k++) {
                z[k] /= sum;
            }
            return z;
        }

        private static double sumSq(double[] v) {
            double s = 0;
            for (double a : v) {
                s += a * a;
            }
            return s;
        }

        /** Extrapolations taken (they lowered the objective). */
        long taken() {
            return taken;
        }
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

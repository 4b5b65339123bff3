package org.strads4j.apps.lasso;

import java.util.LinkedHashMap;
import java.util.Map;
import org.strads4j.api.CoordinatorContext;
import org.strads4j.api.Evaluation;
import org.strads4j.api.EvaluatePlugin;
import org.strads4j.api.WorkerContext;
import org.strads4j.kernel.Device;
import org.strads4j.schedule.CoordinateSchedule;

/**
 * The Lasso objective and its duality gap. Each worker reports {@code [r^T r, r^T y, X^T r]} over
 * its rows; the coordinator sums them (worker order) and computes
 * {@code P(b) = r^T r / (2n) + lambda ||b||_1} and the gap of the dual point
 * {@code theta = r * min(1, n lambda / ||X^T r||_inf)} as scikit-learn's coordinate descent does:
 * {@code gap = (1/2 (||r||^2 + ||theta||^2) + n lambda ||b||_1 - theta^T y) / n}, an upper bound
 * on {@code P(b) - P*}. Converged when {@code gap <= tolerance * P(b)}, or (benchmarks) when the
 * objective reaches a given target.
 */
final class LassoEvaluate implements EvaluatePlugin {
    private static final long serialVersionUID = 1L;
    private final double tolerance;
    private final double targetObjective;
    private final Device device;

    LassoEvaluate(double tolerance, double targetObjective, Device device) {
        this.device = device;
        this.tolerance = tolerance;
        this.targetObjective = targetObjective;
    }

    @Override
    public double[] partial(WorkerContext ctx) {
        return LassoKernel.of(ctx, device).partial();
    }

    @Override
    public Evaluation combine(long round, double[][] partials, CoordinatorContext ctx) {
        LassoState st = ctx.state(LassoState.class);
        LassoModel model = st.model;
        int len = partials[0].length;
        double[] sum = new double[len];
        for (double[] part : partials) {
            for (int i = 0; i < len; i++) {
                sum[i] += part[i];
            }
        }
        double n = model.n;
        double l1 = model.l1();
        double objective = sum[0] / (2 * n) + model.lambda * l1;
        double gap = dualityGap(sum, n, model.lambda, l1);
        if (!Double.isFinite(objective) || !Double.isFinite(gap)) {
            throw new IllegalStateException("the lasso diverged: objective " + objective + " at round " + round
                    + " (under --schedule " + ctx.spec().schedule() + ")");
        }
        boolean converged = (tolerance > 0 && gap <= tolerance * objective)
                || (targetObjective > 0 && objective <= targetObjective);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("lambda", model.lambda);
        double planGap = gap;
        double planObjective = objective;
        if (converged && st.lambdas.length > 1 && st.path.size() == st.lambdaIndex) {
            st.path.add(point(model, objective, gap, round)); // this lambda of the path is certified
        }
        if (converged && st.pathGoesOn()) {
            // step down, and go on warm-started
            st.lambdaIndex++;
            model.lambda = st.lambdas[st.lambdaIndex];
            st.workingSets.newLambda(st.coordinates);
            planObjective = sum[0] / (2 * n) + model.lambda * l1;
            planGap = dualityGap(sum, n, model.lambda, l1);
            converged = false;
        }
        boolean setNext = st.workingSets.plan(st, sum, planGap, planObjective, converged);
        if (!setNext && !converged) {
            refreshPriorities(st, sum, n);
        }
        m.put("nnz", (double) model.nnz());
        m.put("dualityGap", gap);
        m.put("relativeGap", objective > 0 ? gap / objective : gap);
        m.put("screened", (double) st.workingSets.screenedCount());
        m.put("workingSet", (double) st.workingSets.lastSize());
        Evaluation e = new Evaluation(objective, m, converged);
        return tolerance > 0 ? e.withConvergence("dualityGap", gap, tolerance * objective) : e;
    }

    private static LassoState.PathPoint point(LassoModel model, double objective, double gap, long round) {
        int nnz = model.nnz();
        int[] index = new int[nnz];
        double[] value = new double[nnz];
        int k = 0;
        for (int j = 0; j < model.b.length; j++) {
            if (model.b[j] != 0) {
                index[k] = j;
                value[k++] = model.b[j];
            }
        }
        return new LassoState.PathPoint(model.lambda, objective, gap, round, index, value);
    }

    /**
     * Sets each coordinate's priority to the squared change its soft-threshold update would make
     * now, from the full gradient {@code X^T r} this evaluation computed anyway; a coordinate
     * screened out gets none. Only when scheduled rounds come next: a working-set round ignores
     * priorities, and the evaluation after it refreshes them (at p = 1 million this O(p) pass took
     * 8 to 15 ms of each evaluation).
     */
    private void refreshPriorities(LassoState st, double[] sum, double n) {
        LassoModel model = st.model;
        LassoData data = st.data;
        CoordinateSchedule schedule = st.coordinates;
        int p = model.b.length;
        double[] d2 = new double[p];
        double max = 0;
        for (int j = 0; j < p; j++) {
            double h = data.normSq(j) / n;
            double b = model.b[j];
            double nb = SoftThreshold.minimiser(sum[2 + j] / n + h * b, h, model.lambda);
            d2[j] = schedule.dropped(j) ? 0.0 : (nb - b) * (nb - b);
            max = Math.max(max, d2[j]);
        }
        // Zero coordinates that violate |x_j^T r| / n <= lambda set the duality gap (they shrink the
        // dual point); however small their step, they go first.
        for (int j = 0; j < p; j++) {
            if (model.b[j] == 0 && Math.abs(sum[2 + j]) / n > model.lambda && d2[j] > 0) {
                d2[j] = max;
            }
        }
        schedule.refreshPriorities(d2);
    }

    /** The gap from summed {@code [r^T r, r^T y, X^T r]}, as in sklearn's enet_coordinate_descent. */
    static double dualityGap(double[] sum, double n, double lambda, double l1) {
        double dualNorm = 0;
        for (int i = 2; i < sum.length; i++) {
            dualNorm = Math.max(dualNorm, Math.abs(sum[i]));
        }
        return dualityGap(sum[0], sum[1], dualNorm, n, lambda, l1);
    }

    /**
     * The gap from {@code ||r||^2}, {@code r^T y} and {@code max_j |x_j^T r|} (over the
     * coordinates of the problem at hand): the dual point is {@code r} scaled into the feasible
     * set, {@code theta = r * min(1, n lambda / dualNorm)}.
     */
    static double dualityGap(double rr, double ry, double dualNorm, double n, double lambda, double l1) {
        double alpha = lambda * n;
        double scale;
        double gap;
        if (dualNorm > alpha) {
            scale = alpha / dualNorm;
            gap = 0.5 * (rr + rr * scale * scale);
        } else {
            scale = 1.0;
            gap = rr;
        }
        gap += alpha * l1 - scale * ry;
        return Math.max(gap, 0.0) / n;
    }
}

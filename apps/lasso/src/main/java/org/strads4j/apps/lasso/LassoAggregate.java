package org.strads4j.apps.lasso;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.strads4j.api.AggregatePlugin;
import org.strads4j.api.Assignment;
import org.strads4j.api.Batch;
import org.strads4j.api.ParamStore;

/**
 * The coordinator side of STRADS Lasso: sums the workers' partial {@code x_j^T r} (in worker
 * order) and computes the new coefficients. A coordinate alone in its group gets the
 * soft-threshold update {@code b_j = S(x_j^T r / n + ||x_j||^2 b_j / n, lambda) / (||x_j||^2 / n)};
 * a group of interfering coordinates is minimised jointly and exactly ({@link GroupSolver}). New
 * values go to the parameter store; the commit carries {@code (j; delta, b_new)} for every
 * scheduled coordinate.
 */
final class LassoAggregate implements AggregatePlugin {
    private final LassoData data;
    private final LassoModel model;
    private final GroupSolver solver = new GroupSolver();
    private double[] gram = new double[1];
    private double[] q = new double[1];
    private double[] bg = new double[1];

    LassoAggregate(LassoData data, LassoModel model) {
        this.data = data;
        this.model = model;
    }

    @Override
    public Batch aggregate(Assignment assignment, List<Batch> partials, ParamStore<?> params) {
        Batch blocks = assignment.shared();
        int m = blocks.size();
        double[] grad = new double[m];
        for (Batch part : partials) {
            for (int i = 0; i < m; i++) {
                grad[i] += part.value(i, 0);
            }
        }
        long[] keys = blocks.keys();
        double[] commit = new double[2 * m];
        double n = model.n;
        int start = 0;
        while (start < m) {
            int end = start + 1;
            while (end < m && blocks.value(end, 0) == blocks.value(start, 0)) {
                end++;
            }
            solveGroup(keys, grad, start, end, n);
            for (int i = start; i < end; i++) {
                int j = (int) keys[i];
                commit[2 * i] = bg[i - start] - model.b[j];
                commit[2 * i + 1] = bg[i - start];
            }
            start = end;
        }
        Map<Long, Double> changed = new HashMap<>();
        for (int i = 0; i < m; i++) {
            if (commit[2 * i] != 0) {
                int j = (int) keys[i];
                model.b[j] = commit[2 * i + 1];
                changed.put(keys[i], model.b[j]);
            }
        }
        @SuppressWarnings("unchecked")
        ParamStore<Double> store = (ParamStore<Double>) params;
        store.putAll(changed);
        return Batch.of(keys, commit, 2);
    }

    /** Fills {@code bg[0..size)} with the group's new values. */
    private void solveGroup(long[] keys, double[] grad, int start, int end, double n) {
        int s = end - start;
        if (gram.length < s * s) {
            gram = new double[s * s];
            q = new double[s];
            bg = new double[s];
        }
        for (int a = 0; a < s; a++) {
            int ja = (int) keys[start + a];
            bg[a] = model.b[ja];
            for (int c = 0; c < s; c++) {
                gram[a * s + c] = data.dot(ja, (int) keys[start + c]) / n;
            }
        }
        for (int a = 0; a < s; a++) {
            double v = grad[start + a] / n;
            for (int c = 0; c < s; c++) {
                v += gram[a * s + c] * bg[c];
            }
            q[a] = v;
        }
        solver.solve(s, gram, q, model.lambda, bg);
    }
}

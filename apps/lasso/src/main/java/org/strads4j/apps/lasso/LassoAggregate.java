package org.strads4j.apps.lasso;

import java.util.List;
import org.strads4j.api.AggregatePlugin;
import org.strads4j.api.Assignment;
import org.strads4j.api.Batch;
import org.strads4j.api.CoordinatorContext;
import org.strads4j.kernel.Device;

/**
 * The coordinator side of STRADS Lasso: sums the workers' partial {@code x_j^T r} (in worker
 * order), or takes them from the last evaluation for a working-set round on the coordinator
 * alone, and computes the new coefficients. A coordinate alone in its group gets the
 * soft-threshold update {@code b_j = S(x_j^T r / n + ||x_j||^2 b_j / n, lambda) / (||x_j||^2 / n)};
 * a group of interfering coordinates is minimised jointly and exactly ({@link GroupSolver}). New
 * values go to the parameter store (in {@link CoefficientBlocks}); the commit carries
 * {@code (j; delta, b_new)} for every scheduled coordinate.
 */
final class LassoAggregate implements AggregatePlugin {
    private static final long serialVersionUID = 1L;
    /** Working sets up to this size are solved by feature-sign search (exact); larger by {@link WorkingSetSolver}. */
    static final int FEATURE_SIGN_MAX = 128;
    /** The largest working set solved on its Gram matrix (2,048^2 doubles = 32 MB); larger ones on the residual. */
    static final int GRAM_MAX = 2048;

    /** The coordinator's device: whether dense working-set Gram blocks use BLAS. */
    private final Device device;

    LassoAggregate(Device device) {
        this.device = device;
    }

    @Override
    public Batch aggregate(Assignment assignment, List<Batch> partials, CoordinatorContext ctx) {
        LassoState st = ctx.state(LassoState.class);
        LassoData data = st.data;
        LassoModel model = st.model;
        LassoState.Scratch scratch = st.scratch();
        Batch blocks = assignment.shared();
        int m = blocks.size();
        long[] keys = blocks.keys();
        double[] grad = partials.isEmpty() ? st.workingSets.knownGradient(keys, model) : new double[m];
        if (grad == null) {
            throw new IllegalStateException("a round on the coordinator alone, but its gradient is not known there");
        }
        for (Batch part : partials) {
            for (int i = 0; i < m; i++) {
                grad[i] += part.value(i, 0);
            }
        }
        model.correct(model.seenByNextAggregated(), keys, grad, data);
        double[] commit = new double[2 * m];
        double n = model.n;
        boolean workingSet = blocks.value(m - 1, 0) == blocks.value(0, 0) && st.workingSets.takePending();
        if (workingSet) {
            ctx.requestEvaluation();
            solveWorkingSet(st, keys, grad, n, ctx.spec().tolerance(), commit);
            return commit(st, keys, commit, ctx, 1.0); // an exact minimisation never raises the objective
        }
        int start = 0;
        while (start < m) {
            int end = start + 1;
            while (end < m && blocks.value(end, 0) == blocks.value(start, 0)) {
                end++;
            }
            solveGroup(st, keys, grad, start, end, n);
            for (int i = start; i < end; i++) {
                int j = (int) keys[i];
                commit[2 * i] = scratch.bg[i - start] - model.b[j];
                commit[2 * i + 1] = scratch.bg[i - start];
            }
            start = end;
        }
        return commit(st, keys, commit, ctx, stepSize(st, keys, grad, commit, n));
    }

    /**
     * Scales the solved changes by the step {@code alpha}, updates the model mirror and the
     * parameter store, and records the commit.
     */
    private static Batch commit(LassoState st, long[] keys, double[] commit, CoordinatorContext ctx, double alpha) {
        LassoModel model = st.model;
        int m = keys.length;
        if (alpha != 1.0) {
            for (int i = 0; i < m; i++) {
                int j = (int) keys[i];
                commit[2 * i] *= alpha;
                commit[2 * i + 1] = model.b[j] + commit[2 * i];
            }
        }
        int[] changed = new int[m];
        int count = 0;
        for (int i = 0; i < m; i++) {
            if (commit[2 * i] != 0) {
                int j = (int) keys[i];
                model.b[j] = commit[2 * i + 1];
                changed[count++] = j;
            }
        }
        recordCommit(model, keys, commit, count);
        CoefficientBlocks.write(ctx.params(), model.b, changed, count);
        return Batch.of(keys, commit, 2);
    }

    /**
     * The working-set round planned by the last evaluation, solved to {@link WorkingSets#targetGap}:
     * by feature-sign search on its Gram matrix up to {@link #FEATURE_SIGN_MAX} coordinates; beyond,
     * by coordinate descent on the Gram matrix when the columns are dense (more nonzeros than
     * {@code |W|^2}, at most {@link #GRAM_MAX}), else on the residual. Fills {@code commit} with
     * {@code (delta, b_new)} per key.
     */
    private void solveWorkingSet(LassoState st, long[] keys, double[] grad, double n, double tolerance,
                                        double[] commit) {
        LassoModel model = st.model;
        LassoData data = st.data;
        LassoState.Scratch scratch = st.scratch();
        int m = keys.length;
        int[] w = new int[m];
        double[] c0 = new double[m];
        double[] xty = new double[m];
        double[] x = new double[m];
        double[] allXty = data.xty();
        for (int i = 0; i < m; i++) {
            w[i] = (int) keys[i];
            c0[i] = grad[i] / n;
            xty[i] = allXty[w[i]];
            x[i] = model.b[w[i]];
        }
        WorkingSets ws = st.workingSets;
        boolean current = ws.evaluationCurrent(model);
        double target = current ? ws.targetGap(tolerance) : 0.0;
        long nnzW = 0;
        for (int i = 0; i < m; i++) {
            nnzW += data.nnz(w[i]);
        }
        if (m <= FEATURE_SIGN_MAX) {
            // small sets, such as all 100 channels of meats, whose columns correlate above 0.99:
            // feature-sign search is exact where coordinate descent would crawl
            scratch.ensure(m);
            scratch.grams.gram(data, w, m, scratch.gram);
            featureSign(scratch, m, grad, 0, n, model.lambda, x);
        } else if (nnzW <= (long) m * m || m > GRAM_MAX) {
            // sparse columns: a coordinate costs its nonzeros on the residual, less than a Gram row
            WorkingSetSolver.solveByResidual(data, w, m, model.b, model.lambda, target,
                    current ? WorkingSetSolver.MAX_PASSES : 100, x);
        } else {
            scratch.ensure(m);
            gram(data, w, m, nnzW, device, scratch.grams, scratch.gram);
            if (current) {
                WorkingSetSolver.solve(m, scratch.gram, c0, xty, ws.evalRr(), ws.evalRy(), (int) n, model.lambda,
                        target, WorkingSetSolver.MAX_PASSES, x);
            } else {
                // the residual moved since the evaluation (a recovery): no gap to aim at, a bounded solve
                WorkingSetSolver.solve(m, scratch.gram, c0, xty, Double.NaN, Double.NaN, (int) n, model.lambda, 0.0,
                        100, x);
            }
        }
        for (int i = 0; i < m; i++) {
            commit[2 * i] = x[i] - model.b[w[i]];
            commit[2 * i + 1] = x[i];
        }
    }

    /**
     * The working set's Gram block: BLAS ({@link BlasGram}) for a dense set of at least
     * {@link BlasGram#MIN_SET} columns under {@code --device blas}, and under {@code auto} when there
     * are also at least {@link Nd4jLassoKernel#AUTO_MIN_ROWS} rows (where it measured faster); the
     * plain-Java Gram otherwise, or when ND4J does not load under {@code auto}: from the last set's
     * block where the sets overlap ({@code cache}, when not null), else from the rows.
     */
    static void gram(LassoData data, int[] w, int m, long nnzW, Device device, GramCache cache, double[] out) {
        boolean dense = nnzW >= Nd4jLassoKernel.MIN_DENSITY * m * (double) data.rows() && m >= BlasGram.MIN_SET;
        boolean blas = dense && (device == Device.BLAS
                || device == Device.AUTO && data.rows() >= Nd4jLassoKernel.AUTO_MIN_ROWS && BlasGram.loads());
        if (blas) {
            BlasGram.gram(data, w, m, out);
        } else if (cache != null) {
            cache.gram(data, w, m, out);
        } else {
            data.gram(w, m, out);
        }
    }

    private static void recordCommit(LassoModel model, long[] keys, double[] commit, int changedCount) {
        long[] ck = new long[changedCount];
        double[] cd = new double[changedCount];
        int c = 0;
        for (int i = 0; i < keys.length; i++) {
            if (commit[2 * i] != 0) {
                ck[c] = keys[i];
                cd[c] = commit[2 * i];
                c++;
            }
        }
        model.committed(ck, cd);
    }

    /**
     * The safeguard of the parallel update: the exact minimiser over {@code alpha in [0, 1]} of
     * {@code phi(alpha) = P(b + alpha delta) - P(b)}, which is convex and known in closed form from
     * what the coordinator has: {@code -alpha g^T delta / n + alpha^2 ||X delta||^2 / (2n) +
     * lambda (||b + alpha delta||_1 - ||b||_1)} with {@code g} the summed {@code x_j^T r}. So a
     * round never increases the objective, whatever the block size or rho (Jacobi updates of many
     * weakly correlated coordinates can otherwise overshoot and diverge). Usually alpha = 1.
     */
    private static double stepSize(LassoState st, long[] keys, double[] grad, double[] commit, double n) {
        LassoModel model = st.model;
        int m = keys.length;
        double lin = 0;
        for (int i = 0; i < m; i++) {
            lin -= grad[i] * commit[2 * i];
        }
        lin /= n;
        double quad = st.data.normSqOfCombination(keys, commit, 2) / n;
        if (!(quad > 0)) {
            return 1.0;
        }
        if (derivative(model, 1.0, keys, commit, lin, quad, true) <= 0) {
            return 1.0;
        }
        double lo = 0;
        double hi = 1;
        for (int it = 0; it < 60 && hi - lo > 1e-12; it++) {
            double mid = 0.5 * (lo + hi);
            if (derivative(model, mid, keys, commit, lin, quad, false) > 0) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return lo > 0 ? lo : 0.5 * (lo + hi);
    }

    /** phi'(alpha); from the left at a kink when {@code left}. */
    private static double derivative(LassoModel model, double alpha, long[] keys, double[] commit, double lin,
                                     double quad, boolean left) {
        double d = lin + alpha * quad;
        double l1 = 0;
        for (int i = 0; i < keys.length; i++) {
            double delta = commit[2 * i];
            if (delta == 0) {
                continue;
            }
            double b = model.b[(int) keys[i]];
            double v = b + alpha * delta;
            if (v > 0 || (v == 0 && left && delta < 0)) {
                l1 += delta;
            } else if (v < 0 || (v == 0 && left && delta > 0)) {
                l1 -= delta;
            } else {
                l1 += Math.abs(delta); // at a kink, from the right: |b + alpha delta| grows
            }
        }
        return d + model.lambda * l1;
    }

    /** Fills {@code bg[0..size)} with the group's new values. */
    private static void solveGroup(LassoState st, long[] keys, double[] grad, int start, int end, double n) {
        LassoModel model = st.model;
        LassoData data = st.data;
        LassoState.Scratch scratch = st.scratch();
        int s = end - start;
        scratch.ensure(s);
        double[] gram = scratch.gram;
        double[] bg = scratch.bg;
        for (int a = 0; a < s; a++) {
            int ja = (int) keys[start + a];
            bg[a] = model.b[ja];
            for (int c = 0; c < s; c++) {
                gram[a * s + c] = data.dot(ja, (int) keys[start + c]) / n;
            }
        }
        featureSign(scratch, s, grad, start, n, model.lambda, bg);
    }

    /**
     * Feature-sign search on a group whose Gram matrix over n is in {@code scratch.gram}, with
     * {@code grad[offset + a]} the summed {@code x_a^T r}: {@code q = grad / n + G b_old}, and
     * {@code x} in: {@code b_old}, out: the group's minimiser.
     */
    private static void featureSign(LassoState.Scratch scratch, int m, double[] grad, int offset, double n,
                                    double lambda, double[] x) {
        double[] gram = scratch.gram;
        double[] q = scratch.q;
        for (int a = 0; a < m; a++) {
            double v = grad[offset + a] / n;
            for (int c = 0; c < m; c++) {
                v += gram[a * m + c] * x[c];
            }
            q[a] = v;
        }
        scratch.solver.solve(m, gram, q, lambda, x);
    }
}

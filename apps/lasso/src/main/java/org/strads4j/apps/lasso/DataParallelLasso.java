package org.strads4j.apps.lasso;

import java.io.Serializable;
import java.util.List;
import org.strads4j.api.AggregatePlugin;
import org.strads4j.api.Assignment;
import org.strads4j.api.Batch;
import org.strads4j.api.CoordinatorContext;
import org.strads4j.api.ScheduleContext;
import org.strads4j.api.SchedulePlugin;
import org.strads4j.api.TreeReduce;
import org.strads4j.api.UpdatePlugin;
import org.strads4j.api.WorkerContext;

/**
 * Lasso under {@code --schedule data-parallel}: FISTA (Beck and Teboulle, 2009) with gradient
 * restarts (O'Donoghue and Candès, 2015), bulk-synchronous. Every round updates every
 * coordinate:
 * <ol>
 *   <li>each worker computes {@code X_w^T r_z} over its rows, where {@code r_z = y - X z} is its
 *       part of the residual at the extrapolated point {@code z};</li>
 *   <li>the workers sum these vectors up a binary tree of direct messages ({@link TreeReduce}),
 *       so no node receives more than two vectors of {@code p}, and worker 0 returns the total;</li>
 *   <li>the coordinator takes the proximal step {@code b+ = S(z + X^T r_z / (n L), lambda / L)}
 *       and the momentum step for {@code z}, and commits the changes {@code (j; db_j, dz_j)};</li>
 *   <li>the workers apply them to both residuals ({@code r} at {@code b}, which the shared
 *       {@link LassoEvaluate} reads for the objective and the duality gap, and {@code r_z}).</li>
 * </ol>
 * {@code L} is the Lipschitz constant of the smooth part, {@code ||X||_2^2 / n}, estimated by power
 * iteration on the coordinator in the first round (times 1.05, as power iteration approaches it
 * from below).
 */
final class DataParallelLasso {
    private DataParallelLasso() {
    }

    /** Node-local name of the worker's residual at {@code z}. */
    static final String Z_KERNEL = "lasso.fista.z";

    /** The coordinator's FISTA state, kept in {@link LassoState#fista}. */
    static final class Fista implements Serializable {
        private static final long serialVersionUID = 1L;
        /** The Lipschitz constant; 0 until the first round estimates it. */
        double lipschitz;
        double t = 1;
        final double[] z;

        Fista(int p) {
            this.z = new double[p];
        }
    }

    /** Every round, every coordinate, for every worker. */
    static final class Schedule implements SchedulePlugin {
        private static final long serialVersionUID = 1L;

        @Override
        public Assignment next(ScheduleContext ctx) {
            LassoState st = ctx.state(LassoState.class);
            if (st.fista.lipschitz == 0) {
                st.fista.lipschitz = 1.05 * largestEigenvalue(st.data) / st.data.rows();
            }
            int p = st.data.columns();
            long[] keys = new long[p];
            for (int j = 0; j < p; j++) {
                keys[j] = j;
            }
            return Assignment.shared(Batch.keys(keys));
        }

        @Override
        public void observe(Batch commit, CoordinatorContext ctx) {
            // every coordinate every round: nothing to prioritise
        }
    }

    /** Largest eigenvalue of {@code X^T X} by power iteration (relative change below 1e-6, at most 500 steps). */
    static double largestEigenvalue(LassoData data) {
        int p = data.columns();
        int n = data.rows();
        double[] v = new double[p];
        java.util.Random random = new java.util.Random(1);
        for (int j = 0; j < p; j++) {
            v[j] = random.nextDouble() + 0.5;
        }
        double[] xv = new double[n];
        double estimate = 0;
        for (int step = 0; step < 500; step++) {
            java.util.Arrays.fill(xv, 0);
            double norm = 0;
            for (int j = 0; j < p; j++) {
                norm += v[j] * v[j];
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                return 0;
            }
            for (int j = 0; j < p; j++) {
                if (v[j] != 0) {
                    data.axpy(j, v[j] / norm, xv);
                }
            }
            double next = 0;
            for (int i = 0; i < n; i++) {
                next += xv[i] * xv[i];   // ||X v||^2 for the unit v: a Rayleigh quotient of X^T X
            }
            for (int j = 0; j < p; j++) {
                v[j] = data.dot(j, xv);
            }
            if (Math.abs(next - estimate) <= 1e-6 * next) {
                return next;
            }
            estimate = next;
        }
        return estimate;
    }

    /** The worker side: its part of {@code X^T r_z}, summed up the tree; both residuals kept current. */
    static final class Update implements UpdatePlugin {
        private static final long serialVersionUID = 1L;
        private final org.strads4j.kernel.Device device;

        Update(org.strads4j.kernel.Device device) {
            this.device = device;
        }

        private static LassoKernel atZ(WorkerContext ctx) {
            return ctx.local(Z_KERNEL, () -> {
                LassoShard s = ctx.shard(LassoShard.class);
                return new JavaLassoKernel(s, s.y().clone());
            });
        }

        @Override
        public Batch update(Batch blocks, WorkerContext ctx) {
            long[] keys = blocks.keys();
            double[] sum = new double[keys.length];
            atZ(ctx).dots(keys, sum);
            return TreeReduce.sum(sum, ctx) ? Batch.of(keys, sum, 1) : Batch.empty();
        }

        @Override
        public void onCommit(Batch commit, WorkerContext ctx) {
            int m = commit.size();
            long[] keys = commit.keys();
            double[] db = new double[m];
            double[] dz = new double[m];
            for (int i = 0; i < m; i++) {
                db[i] = commit.value(i, 0);
                dz[i] = commit.value(i, 1);
            }
            LassoKernel.of(ctx, device).apply(Batch.of(keys, db, 1));
            atZ(ctx).apply(Batch.of(keys, dz, 1));
        }

        @Override
        public String kernel(WorkerContext ctx) {
            return LassoKernel.of(ctx, device).describe();
        }

        @Override
        public Serializable saveState(WorkerContext ctx) {
            return new double[][] {LassoKernel.of(ctx, device).residual(), atZ(ctx).residual()};
        }

        @Override
        public void restoreState(WorkerContext ctx, Serializable saved) {
            double[][] r = (double[][]) saved;
            LassoKernel.of(ctx, device).residual(r[0]);
            atZ(ctx).residual(r[1]);
        }
    }

    /** The proximal and momentum steps on the coordinator. */
    static final class Aggregate implements AggregatePlugin {
        private static final long serialVersionUID = 1L;

        @Override
        public Batch aggregate(Assignment assignment, List<Batch> partials, CoordinatorContext ctx) {
            LassoState st = ctx.state(LassoState.class);
            Fista f = st.fista;
            LassoModel model = st.model;
            double[] b = model.b;
            double[] z = f.z;
            int p = b.length;
            double[] grad = new double[p];
            for (Batch part : partials) {
                for (int i = 0; i < part.size(); i++) {
                    grad[(int) part.key(i)] += part.value(i, 0);
                }
            }
            double n = model.n;
            double step = 1.0 / f.lipschitz;
            double threshold = model.lambda * step;
            double[] next = new double[p];
            double restart = 0;
            for (int j = 0; j < p; j++) {
                next[j] = SoftThreshold.apply(z[j] + step * grad[j] / n, threshold);
                restart += (z[j] - next[j]) * (next[j] - b[j]);
            }
            double momentum;
            if (restart > 0) {
                f.t = 1;       // the step went against the momentum: start it again
                momentum = 0;
            } else {
                double t = (1 + Math.sqrt(1 + 4 * f.t * f.t)) / 2;
                momentum = (f.t - 1) / t;
                f.t = t;
            }
            int changes = 0;
            long[] keys = new long[p];
            double[] values = new double[2 * p];
            int[] changed = new int[p];
            int count = 0;
            for (int j = 0; j < p; j++) {
                double nz = next[j] + momentum * (next[j] - b[j]);
                double db = next[j] - b[j];
                double dz = nz - z[j];
                if (db != 0 || dz != 0) {
                    keys[changes] = j;
                    values[2 * changes] = db;
                    values[2 * changes + 1] = dz;
                    changes++;
                }
                if (db != 0) {
                    changed[count++] = j;
                }
                b[j] = next[j];
                z[j] = nz;
            }
            CoefficientBlocks.write(ctx.params(), b, changed, count);
            return Batch.of(java.util.Arrays.copyOf(keys, changes), java.util.Arrays.copyOf(values, 2 * changes), 2);
        }
    }
}

package org.strads4j.apps.mf;

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
 * MF under {@code --schedule data-parallel}: alternating least squares (ALS; with the weighted
 * regulariser, ALS-WR of Zhou et al. 2008), bulk-synchronous, one round per iteration:
 * <ol>
 *   <li>each worker solves its own users' rows exactly against its copy of the item factors
 *       ({@code (H_i^T H_i + lambda c_i I) w_i = H_i^T a_i});</li>
 *   <li>it adds up, for every item, the normal equations its users contribute
 *       ({@code sum w_i w_i^T}, {@code sum a_ij w_i});</li>
 *   <li>the workers sum these up a tree ({@link TreeReduce}), and the coordinator solves every
 *       item's row and commits the new item factors to all workers.</li>
 * </ol>
 */
final class AlsMf {
    private AlsMf() {
    }

    /** Every round: one ALS iteration on every worker (the assignment carries no blocks). */
    static final class Schedule implements SchedulePlugin {
        private static final long serialVersionUID = 1L;

        @Override
        public Assignment next(ScheduleContext ctx) {
            return Assignment.shared(Batch.keys(0));
        }

        @Override
        public void observe(Batch commit, CoordinatorContext ctx) {
            // every item every round
        }
    }

    static final class Update implements UpdatePlugin {
        private static final long serialVersionUID = 1L;
        private final int rank;
        private final double lambda;
        private final Regularizer reg;

        Update(int rank, double lambda, Regularizer reg) {
            this.rank = rank;
            this.lambda = lambda;
            this.reg = reg;
        }

        @Override
        public Batch update(Batch blocks, WorkerContext ctx) {
            MfShard s = ctx.shard(MfShard.class);
            LocalFactors f = LocalFactors.of(ctx, rank, r -> 0.0);
            int k = rank;
            int stride = k * k + k;
            double[] a = new double[k * k];
            double[] b = new double[k];
            int[] ptr = s.rowPtr();
            int[] item = s.rowItem();
            double[] value = s.rowValue();
            double[] normals = new double[s.items() * stride];
            for (int row = 0; row < ptr.length - 1; row++) {
                if (!solveUser(row, ptr, item, value, f.h, k, lambda, reg, a, b, f.w)) {
                    continue;
                }
                for (int e = ptr[row]; e < ptr[row + 1]; e++) {
                    addOuter(f.w, row * k, value[e], normals, normals, item[e] * stride, k);
                }
            }
            return TreeReduce.sum(normals, ctx) ? Batch.of(new long[] {0}, normals, normals.length) : Batch.empty();
        }

        /**
         * User {@code row}'s ALS step: its normal equations {@code (H_u^T H_u + lambda c_u I) w_u =
         * H_u^T r_u} from the item factors {@code h} (item-major, {@code h[j * k + t]}) and their
         * solve into {@code w[row * k ..]}, with {@code a} and {@code b} as scratch.
         *
         * @return false for a user without ratings (left as it is)
         */
        static boolean solveUser(int row, int[] ptr, int[] item, double[] value, double[] h, int k, double lambda,
                                 Regularizer reg, double[] a, double[] b, double[] w) {
            int count = ptr[row + 1] - ptr[row];
            if (count == 0) {
                return false;
            }
            java.util.Arrays.fill(a, 0);
            java.util.Arrays.fill(b, 0);
            for (int e = ptr[row]; e < ptr[row + 1]; e++) {
                addOuter(h, item[e] * k, value[e], a, b, 0, k);
            }
            Cholesky.solve(a, b, lambda * reg.weight(count), k);
            System.arraycopy(b, 0, w, row * k, k);
            return true;
        }

        /** {@code A += x x^T, b += v x} for {@code x = src[from .. from+k)}, A at {@code at}, b right after it. */
        private static void addOuter(double[] src, int from, double v, double[] a, double[] b, int at, int k) {
            int bAt = a == b ? at + k * k : 0;
            for (int p = 0; p < k; p++) {
                double xp = src[from + p];
                b[bAt + p] += v * xp;
                int row = at + p * k;
                for (int q = 0; q < k; q++) {
                    a[row + q] += xp * src[from + q];
                }
            }
        }

        @Override
        public void onCommit(Batch commit, WorkerContext ctx) {
            LocalFactors f = LocalFactors.of(ctx, rank, r -> 0.0);
            double[] h = new double[f.h.length];
            for (int i = 0; i < h.length; i++) {
                h[i] = commit.value(0, i);
            }
            f.h = h;
        }
    }

    /** The item solves on the coordinator; the commit is every item's new row. */
    static final class Aggregate implements AggregatePlugin {
        private static final long serialVersionUID = 1L;
        private final int rank;
        private final double lambda;
        private final Regularizer reg;

        Aggregate(int rank, double lambda, Regularizer reg) {
            this.rank = rank;
            this.lambda = lambda;
            this.reg = reg;
        }

        @Override
        public Batch aggregate(Assignment assignment, List<Batch> partials, CoordinatorContext ctx) {
            MfCoordinatorState st = ctx.state(MfCoordinatorState.class);
            int k = rank;
            int stride = k * k + k;
            int items = st.itemIds.length;
            double[] normals = new double[items * stride];
            for (Batch part : partials) {
                for (int i = 0; i < part.size(); i++) {
                    for (int v = 0; v < normals.length; v++) {
                        normals[v] += part.value(i, v);
                    }
                }
            }
            double[] h = new double[items * k];
            double[] a = new double[k * k];
            double[] b = new double[k];
            for (int j = 0; j < items; j++) {
                int count = st.itemCounts[j];
                if (count == 0) {
                    continue;   // an item without training ratings: its row stays 0
                }
                System.arraycopy(normals, j * stride, a, 0, k * k);
                System.arraycopy(normals, j * stride + k * k, b, 0, k);
                Cholesky.solve(a, b, lambda * reg.weight(count), k);
                System.arraycopy(b, 0, h, j * k, k);
            }
            return Batch.of(new long[] {0}, h, h.length);
        }
    }

    /** Solves {@code (A + ridge I) x = b} in place ({@code b} becomes x) for a symmetric positive definite system. */
    static final class Cholesky implements Serializable {
        private static final long serialVersionUID = 1L;

        static void solve(double[] a, double[] b, double ridge, int k) {
            for (int i = 0; i < k; i++) {
                a[i * k + i] += ridge;
            }
            for (int j = 0; j < k; j++) {
                double d = a[j * k + j];
                for (int p = 0; p < j; p++) {
                    d -= a[j * k + p] * a[j * k + p];
                }
                if (!(d > 0)) {
                    throw new IllegalStateException("ALS: a normal-equation matrix is not positive definite (ridge "
                            + ridge + ")");
                }
                d = Math.sqrt(d);
                a[j * k + j] = d;
                for (int i = j + 1; i < k; i++) {
                    double v = a[i * k + j];
                    for (int p = 0; p < j; p++) {
                        v -= a[i * k + p] * a[j * k + p];
                    }
                    a[i * k + j] = v / d;
                }
            }
            for (int i = 0; i < k; i++) {
                double v = b[i];
                for (int p = 0; p < i; p++) {
                    v -= a[i * k + p] * b[p];
                }
                b[i] = v / a[i * k + i];
            }
            for (int i = k - 1; i >= 0; i--) {
                double v = b[i];
                for (int p = i + 1; p < k; p++) {
                    v -= a[p * k + i] * b[p];
                }
                b[i] = v / a[i * k + i];
            }
        }
    }
}

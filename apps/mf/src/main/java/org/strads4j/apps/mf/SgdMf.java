package org.strads4j.apps.mf;

import java.util.HashMap;
import java.util.Map;
import org.strads4j.api.Batch;
import org.strads4j.api.ParamStore;
import org.strads4j.api.UpdatePlugin;
import org.strads4j.api.WorkerContext;

/**
 * MF under {@code --schedule param-server}: stochastic gradient descent as on Petuum Bösen. The
 * item factors live in the parameter server as changes from the initial {@code h0}, in blocks of
 * {@link #BLOCK} items (item-major rows); each worker keeps its users' rows.
 * Each clock ({@link #CLOCKS_PER_EPOCH} per epoch over the worker's ratings, in a random order of
 * the epoch) the worker
 * pulls the item factors, takes an SGD step per rating on its user's row and its copy of the item's
 * row, and pushes the change of the item rows; the parameter server adds every worker's.
 *
 * <p>The per-rating step minimises the job's objective: the weighted regulariser
 * {@code lambda (sum_i n_i |w_i|^2 + sum_j n_j |h_j|^2)} is {@code lambda (|w_i|^2 + |h_j|^2)} per
 * rating; the plain one spreads {@code lambda |w_i|^2} over user i's {@code n_i} ratings (and
 * likewise for items). Step size {@code eta / (1 + epoch / 10)}.
 */
final class SgdMf {
    private SgdMf() {
    }

    /**
     * Clocks per epoch: each clock takes a tenth of the worker's ratings, so the item factors it
     * steps from are at most a tenth of an epoch (times the staleness) behind. Whole epochs per
     * clock diverged on movielens_small with 3 workers: each added an epoch of steps on popular
     * items, all taken from the same stale rows.
     */
    static final int CLOCKS_PER_EPOCH = 10;
    /** Items per parameter-server block. */
    static final int BLOCK = 256;
    /** Keys of the item blocks start here (far from the factor column keys the results use). */
    static final long BASE = 1L << 50;
    /**
     * The initial step size: on movielens_small (rank 10, weighted lambda 0.1) 0.04 reaches a lower
     * objective on one worker but diverges on three; 0.02 holds on both.
     */
    static final double ETA = 0.02;
    /** Epochs over which the step size halves. */
    static final double DECAY = 10;

    static long[] itemKeys(int items) {
        long[] keys = new long[(items + BLOCK - 1) / BLOCK];
        for (int b = 0; b < keys.length; b++) {
            keys[b] = BASE + b;
        }
        return keys;
    }

    /** The item factors, item-major: {@code h0} plus the pulled changes. */
    static double[] pullItems(MfShard s, int rank, WorkerContext ctx) {
        double[] h = LocalFactors.itemMajor(s.h0(), s.items(), rank);
        ParamStore<double[]> store = ctx.params();
        for (Map.Entry<Long, double[]> e : store.pull(itemKeys(s.items())).entrySet()) {
            int at = (int) (e.getKey() - BASE) * BLOCK * rank;
            double[] d = e.getValue();
            for (int i = 0; i < d.length; i++) {
                h[at + i] += d[i];
            }
        }
        return h;
    }

    /**
     * The worker's ratings in the random order of the current epoch, drawn once for its
     * {@link #CLOCKS_PER_EPOCH} clocks (from the worker's seed and the epoch alone), and each
     * rating's row in the row block. Node-local.
     */
    static final class Epoch implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private long epoch = -1;
        int[] ratings;
        int[] users;

        /** The worker's order for {@code epoch}, drawn when the epoch starts. */
        static Epoch of(WorkerContext ctx, MfShard s, long epoch) {
            Epoch e = ctx.local("mf.sgd.epoch", Epoch::new);
            int[] ptr = s.rowPtr();
            int n = ptr[ptr.length - 1];
            if (e.users == null) {
                e.users = new int[n];
                for (int row = 0; row < ptr.length - 1; row++) {
                    for (int k = ptr[row]; k < ptr[row + 1]; k++) {
                        e.users[k] = row;
                    }
                }
            }
            if (e.epoch != epoch) {
                e.ratings = org.strads4j.api.Permutation.of(n, ctx.seed() ^ (0x9E3779B97F4A7C15L * (epoch + 1)));
                e.epoch = epoch;
            }
            return e;
        }
    }

    static final class Update implements UpdatePlugin {
        private static final long serialVersionUID = 1L;
        private final int rank;
        private final double lambda;
        private final Regularizer reg;
        /** Training ratings per item (the plain regulariser's share per rating). */
        private final int[] itemCounts;

        Update(int rank, double lambda, Regularizer reg, int[] itemCounts) {
            this.rank = rank;
            this.lambda = lambda;
            this.reg = reg;
            this.itemCounts = itemCounts;
        }

        @Override
        public Batch update(Batch blocks, WorkerContext ctx) {
            MfShard s = ctx.shard(MfShard.class);
            LocalFactors f = LocalFactors.of(ctx, rank, r -> 0.1 * r.nextGaussian());
            int k = rank;
            double[] h = pullItems(s, k, ctx);
            double[] before = h.clone();
            double[] w = f.w;
            int[] ptr = s.rowPtr();
            int[] item = s.rowItem();
            double[] value = s.rowValue();
            int n = ptr[ptr.length - 1];
            long epoch = (ctx.clock() - 1) / CLOCKS_PER_EPOCH;
            long part = (ctx.clock() - 1) % CLOCKS_PER_EPOCH;
            Epoch order = Epoch.of(ctx, s, epoch);
            int[] users = order.users;
            double eta = ETA / (1 + epoch / DECAY);
            double plain = reg == Regularizer.PLAIN ? 1 : 0;
            int first = (int) (n * part / CLOCKS_PER_EPOCH);
            int last = (int) (n * (part + 1) / CLOCKS_PER_EPOCH);
            for (int o = first; o < last; o++) {
                int e = order.ratings[o];
                int row = users[e];
                int wi = row * k;
                int j = item[e];
                int hj = j * k;
                double pred = 0;
                for (int t = 0; t < k; t++) {
                    pred += w[wi + t] * h[hj + t];
                }
                double err = value[e] - pred;
                double regW = plain > 0 ? lambda / (ptr[row + 1] - ptr[row]) : lambda;
                double regH = plain > 0 ? lambda / itemCounts[j] : lambda;
                for (int t = 0; t < k; t++) {
                    double wt = w[wi + t];
                    double ht = h[hj + t];
                    w[wi + t] += eta * (err * ht - regW * wt);
                    h[hj + t] += eta * (err * wt - regH * ht);
                }
            }
            f.h = h;
            Map<Long, Object> pushes = new HashMap<>();
            int items = s.items();
            for (int b = 0; b * BLOCK < items; b++) {
                int from = b * BLOCK * k;
                int to = Math.min(items, (b + 1) * BLOCK) * k;
                double[] d = null;
                for (int i = from; i < to; i++) {
                    if (h[i] != before[i]) {
                        if (d == null) {
                            d = new double[to - from];
                        }
                        d[i - from] = h[i] - before[i];
                    }
                }
                if (d != null) {
                    pushes.put(BASE + b, d);
                }
            }
            ctx.params().push(pushes);
            return Batch.keys(new long[last - first]);
        }

        @Override
        public void onCommit(Batch commit, WorkerContext ctx) {
            // no commits under param-server
        }
    }
}

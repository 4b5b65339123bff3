package org.strads4j.apps.mf;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.strads4j.api.CoordinatorContext;
import org.strads4j.api.Evaluation;
import org.strads4j.api.EvaluatePlugin;
import org.strads4j.api.ParamStore;
import org.strads4j.api.WorkerContext;

/**
 * A worker's factors under the data-parallel ({@link AlsMf}) and param-server ({@link SgdMf})
 * schedules: the rows of its own users ({@code w}, user-major, {@code rank} each) and its copy of
 * every item's factors ({@code h}, item-major). Node-local, and checkpointed whole.
 */
final class LocalFactors implements Serializable {
    private static final long serialVersionUID = 1L;
    static final String LOCAL = "mf.factors";

    final int rank;
    final int userFrom;
    final double[] w;
    double[] h;

    private LocalFactors(int rank, int userFrom, double[] w, double[] h) {
        this.rank = rank;
        this.userFrom = userFrom;
        this.w = w;
        this.h = h;
    }

    /** The worker's factors: users at zero (or {@code initialW}), items from the shard's {@code h0}. */
    static LocalFactors of(WorkerContext ctx, int rank, java.util.function.ToDoubleFunction<java.util.Random> initialW) {
        return ctx.local(LOCAL, () -> {
            MfShard s = ctx.shard(MfShard.class);
            double[] w = new double[(s.userTo() - s.userFrom()) * rank];
            java.util.Random random = new java.util.Random(ctx.seed());
            for (int i = 0; i < w.length; i++) {
                w[i] = initialW.applyAsDouble(random);
            }
            return new LocalFactors(rank, s.userFrom(), w, itemMajor(s.h0(), s.items(), rank));
        });
    }

    /** Feature-major {@code h0[t * items + j]} as item-major {@code h[j * rank + t]}. */
    static double[] itemMajor(double[] featureMajor, int items, int rank) {
        double[] h = new double[items * rank];
        for (int t = 0; t < rank; t++) {
            for (int j = 0; j < items; j++) {
                h[j * rank + t] = featureMajor[t * items + j];
            }
        }
        return h;
    }

    double predict(int user, int item) {
        int wu = (user - userFrom) * rank;
        int hi = item * rank;
        double p = 0;
        for (int t = 0; t < rank; t++) {
            p += w[wu + t] * h[hi + t];
        }
        return p;
    }

    /**
     * The evaluation of both schedules: each worker's {@link MfEvaluate} statistics (squared train
     * error of its users, the regularisers of its users and of its items, test error), then its
     * user range and user rows; worker 0 also sends the item factors. The coordinator combines the
     * statistics as {@link MfEvaluate} does and writes the factor columns into the parameter store
     * (what {@link MfResults} writes the model files from).
     */
    static final class Evaluate implements EvaluatePlugin {
        private static final long serialVersionUID = 1L;
        private final int rank;
        private final Regularizer reg;
        private final MfEvaluate statistics;
        /** Param-server: the item factors are pulled from the parameter server first. */
        private final boolean pullItems;

        Evaluate(int rank, double lambda, Regularizer reg, long trainSize, long roundsPerIteration, boolean pullItems) {
            this.rank = rank;
            this.reg = reg;
            this.pullItems = pullItems;
            this.statistics = new MfEvaluate(rank, lambda, reg, trainSize, roundsPerIteration);
        }

        @Override
        public double[] partial(WorkerContext ctx) {
            MfShard s = ctx.shard(MfShard.class);
            LocalFactors f = of(ctx, rank, r -> 0.0);   // made by the first round or clock, before any evaluation
            if (pullItems) {
                f.h = SgdMf.pullItems(s, rank, ctx);
            }
            double sq = 0;
            double regW = 0;
            int[] ptr = s.rowPtr();
            int[] item = s.rowItem();
            double[] value = s.rowValue();
            for (int row = 0; row < ptr.length - 1; row++) {
                int user = s.userFrom() + row;
                for (int k = ptr[row]; k < ptr[row + 1]; k++) {
                    double e = value[k] - f.predict(user, item[k]);
                    sq += e * e;
                }
                regW += reg.weight(ptr[row + 1] - ptr[row]) * norm(f.w, row * rank, rank);
            }
            double regH = 0;
            int[] cp = s.colPtr();
            for (int c = 0; c < cp.length - 1; c++) {
                regH += reg.weight(cp[c + 1] - cp[c]) * norm(f.h, (s.itemFrom() + c) * rank, rank);
            }
            double test = 0;
            int[] tu = s.testUser();
            int[] ti = s.testItem();
            double[] tv = s.testValue();
            for (int k = 0; k < tu.length; k++) {
                double e = tv[k] - f.predict(tu[k], ti[k]);
                test += e * e;
            }
            int head = 7;
            double[] out = new double[head + f.w.length + (ctx.worker() == 0 ? f.h.length : 0)];
            out[0] = sq;
            out[1] = regW;
            out[2] = regH;
            out[3] = test;
            out[4] = tu.length;
            out[5] = s.userFrom();
            out[6] = s.userTo();
            System.arraycopy(f.w, 0, out, head, f.w.length);
            if (ctx.worker() == 0) {
                System.arraycopy(f.h, 0, out, head + f.w.length, f.h.length);
            }
            return out;
        }

        private static double norm(double[] a, int from, int rank) {
            double n = 0;
            for (int t = 0; t < rank; t++) {
                n += a[from + t] * a[from + t];
            }
            return n;
        }

        @Override
        public Evaluation combine(long round, double[][] partials, CoordinatorContext ctx) {
            MfCoordinatorState st = ctx.state(MfCoordinatorState.class);
            int users = st.userIds.length;
            int items = st.itemIds.length;
            double[][] stats = new double[partials.length][];
            double[][] wColumns = new double[rank][users];
            double[][] hColumns = new double[rank][items];
            for (int p = 0; p < partials.length; p++) {
                double[] part = partials[p];
                stats[p] = java.util.Arrays.copyOf(part, 5);
                int from = (int) part[5];
                int to = (int) part[6];
                for (int i = from; i < to; i++) {
                    for (int t = 0; t < rank; t++) {
                        wColumns[t][i] = part[7 + (i - from) * rank + t];
                    }
                }
                if (p == 0) {
                    int at = 7 + (to - from) * rank;
                    for (int j = 0; j < items; j++) {
                        for (int t = 0; t < rank; t++) {
                            hColumns[t][j] = part[at + j * rank + t];
                        }
                    }
                }
            }
            Map<Long, double[]> columns = new LinkedHashMap<>();
            for (int t = 0; t < rank; t++) {
                columns.put(FactorKeys.column(FactorKeys.W, t), wColumns[t]);
                columns.put(FactorKeys.column(FactorKeys.H, t), hColumns[t]);
            }
            ParamStore<double[]> store = ctx.params();
            store.putAll(columns);
            Evaluation e = statistics.combine(round, stats, ctx);
            if (!Double.isFinite(e.objective())) {
                throw new IllegalStateException("mf diverged: objective " + e.objective() + " at round " + round
                        + " (under --schedule " + ctx.spec().schedule() + ")");
            }
            return e;
        }
    }
}

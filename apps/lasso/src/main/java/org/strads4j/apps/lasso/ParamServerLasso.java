package org.strads4j.apps.lasso;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.strads4j.api.Batch;
import org.strads4j.api.CoordinatorContext;
import org.strads4j.api.Evaluation;
import org.strads4j.api.EvaluatePlugin;
import org.strads4j.api.ParamStore;
import org.strads4j.api.UpdatePlugin;
import org.strads4j.api.WorkerContext;

/**
 * Lasso under {@code --schedule param-server}: asynchronous parallel coordinate descent against a
 * shared residual (Shotgun, Bradley et al. 2011, run stale-synchronously as on Petuum Bösen).
 * <ul>
 *   <li>The columns are cut into one contiguous range per worker (balanced by nonzeros); each
 *       worker holds its columns over all rows, and owns their coefficients.</li>
 *   <li>The parameter server holds the residual's change {@code r - y = -X b} in blocks of
 *       {@link #BLOCK} rows (keys {@code p + block}), and the coefficients in blocks of
 *       {@link #BLOCK} columns ({@link #coefficientKey}).</li>
 *   <li>Each clock a worker pulls the residual, sweeps its coordinates in a random order of that
 *       clock (soft-threshold updates against its copy, which sees its own changes at once and the
 *       others' as of its pull), and pushes the residual's change and its coefficients' changes;
 *       the parameter server adds them on the owning nodes.</li>
 * </ul>
 * Workers' changes within a clock add up without seeing each other, which diverges as soon as
 * columns of different workers correlate (finefoods does, with 3 workers). So each worker solves
 * its local problem with the curvature scaled by {@code sigma} = the number of workers, CoCoA+'s
 * safe "adding" rule (Ma et al., ICML 2015): a coordinate step is
 * {@code b_j = S(x_j^T u / n + sigma h_j b_j, lambda) / (sigma h_j)} against the local
 * {@code u = r - sigma X_w delta}, and the residual's pushed change is {@code -X_w delta}. With one
 * worker this is plain coordinate descent. Beyond the staleness, workers also update against a
 * residual that misses other workers' last clocks, which is where this schedule loses to the
 * scheduled one when columns correlate.
 */
final class ParamServerLasso {
    private ParamServerLasso() {
    }

    /** Rows per residual block in the parameter store. */
    static final int BLOCK = 1024;

    /**
     * A worker's columns {@code first .. first + columns.columns() - 1}, over all rows, and the
     * targets ({@code columns.y()}).
     */
    record ColumnShard(int first, int p, LassoShard columns) implements Serializable {
    }

    /** Contiguous column ranges, one per worker, of about equal nonzeros. */
    static List<ColumnShard> shards(LassoData data, int workers) {
        int p = data.columns();
        long total = data.nnz();
        List<ColumnShard> out = new ArrayList<>(workers);
        int from = 0;
        long seen = 0;
        for (int w = 0; w < workers; w++) {
            int to = from;
            long goal = total * (w + 1) / workers;
            while (to < p && seen < goal) {
                seen += data.nnz(to);
                to++;
            }
            if (w == workers - 1) {
                to = p;
            }
            out.add(new ColumnShard(from, p, columns(data, from, to)));
            from = to;
        }
        return out;
    }

    private static LassoShard columns(LassoData data, int from, int to) {
        int m = to - from;
        int[] ptr = new int[m + 1];
        for (int j = 0; j < m; j++) {
            ptr[j + 1] = ptr[j] + data.nnz(from + j);
        }
        int[] rows = new int[ptr[m]];
        double[] vals = new double[ptr[m]];
        for (int j = 0; j < m; j++) {
            data.copyColumn(from + j, rows, vals, ptr[j]);
        }
        return new LassoShard(data.rows(), ptr, rows, vals, data.y().clone());
    }

    /** The residual blocks' keys for {@code n} rows and {@code p} coefficients. */
    static long[] residualKeys(int n, int p) {
        long[] keys = new long[(n + BLOCK - 1) / BLOCK];
        for (int k = 0; k < keys.length; k++) {
            keys[k] = p + k;
        }
        return keys;
    }

    /** The key of the block of coefficients that holds column {@code j}, for {@code n} rows and {@code p} columns. */
    static long coefficientKey(int j, int n, int p) {
        return p + (n + BLOCK - 1) / BLOCK + j / BLOCK;
    }

    /** The coefficients as stored in the parameter server's blocks (absent blocks are zero). */
    static double[] coefficients(ParamStore<?> store, int n, int p) {
        int blocks = (p + BLOCK - 1) / BLOCK;
        long[] keys = new long[blocks];
        for (int k = 0; k < blocks; k++) {
            keys[k] = coefficientKey(k * BLOCK, n, p);
        }
        return CoefficientBlocks.assemble(store.getAll(keys), coefficientKey(0, n, p), BLOCK, p);
    }

    /** The residual {@code y + pulled change}, from the parameter server. */
    static double[] pullResidual(ColumnShard s, WorkerContext ctx) {
        double[] y = s.columns().y();
        int n = y.length;
        double[] r = y.clone();
        ParamStore<double[]> store = ctx.params();
        Map<Long, double[]> blocks = store.pull(residualKeys(n, s.p()));
        for (Map.Entry<Long, double[]> e : blocks.entrySet()) {
            int at = (int) (e.getKey() - s.p()) * BLOCK;
            double[] d = e.getValue();
            for (int i = 0; i < d.length; i++) {
                r[at + i] += d[i];
            }
        }
        return r;
    }

    /** What a worker keeps: its coefficients. */
    static final class Coefficients implements Serializable {
        private static final long serialVersionUID = 1L;
        final double[] b;

        Coefficients(int m) {
            this.b = new double[m];
        }
    }

    /** One clock: pull, sweep the worker's coordinates, push. */
    static final class Update implements UpdatePlugin {
        private static final long serialVersionUID = 1L;
        private final double lambda;

        Update(double lambda) {
            this.lambda = lambda;
        }

        @Override
        public Batch update(Batch blocks, WorkerContext ctx) {
            ColumnShard s = ctx.shard(ColumnShard.class);
            LassoShard cols = s.columns();
            Coefficients own = ctx.local("lasso.ps.b", () -> new Coefficients(cols.columns()));
            double[] r = pullResidual(s, ctx);   // becomes u = r - sigma X_w delta as the sweep goes
            double[] before = r.clone();
            int n = r.length;
            double sigma = ctx.workers();
            int m = cols.columns();
            int[] ptr = cols.colPtr();
            int[] idx = cols.rowIdx();
            double[] v = cols.vals();
            int[] order = org.strads4j.api.Permutation.of(m, ctx.roundSeed());
            Map<Long, Object> pushes = new HashMap<>();
            int p = s.p();
            long[] updated = new long[m];
            for (int o = 0; o < m; o++) {
                int j = order[o];
                double h = 0;
                double q = 0;
                for (int k = ptr[j]; k < ptr[j + 1]; k++) {
                    h += v[k] * v[k];
                    q += v[k] * r[idx[k]];
                }
                h *= sigma / n;
                double bj = own.b[j];
                double nb = SoftThreshold.minimiser(q / n + h * bj, h, lambda);
                double d = nb - bj;
                updated[o] = s.first() + j;
                if (d != 0) {
                    for (int k = ptr[j]; k < ptr[j + 1]; k++) {
                        r[idx[k]] -= sigma * v[k] * d;
                    }
                    own.b[j] = nb;
                    int col = s.first() + j;
                    double[] block = (double[]) pushes.computeIfAbsent(coefficientKey(col, n, p),
                            k -> new double[Math.min(BLOCK, p - col / BLOCK * BLOCK)]);
                    block[col % BLOCK] += d;
                }
            }
            for (int k = 0; k * BLOCK < n; k++) {
                int from = k * BLOCK;
                int to = Math.min(n, from + BLOCK);
                double[] d = null;
                for (int i = from; i < to; i++) {
                    if (r[i] != before[i]) {
                        if (d == null) {
                            d = new double[to - from];
                        }
                        d[i - from] = (r[i] - before[i]) / sigma;
                    }
                }
                if (d != null) {
                    pushes.put((long) s.p() + k, d);
                }
            }
            ctx.params().push(pushes);
            return Batch.keys(updated);
        }

        @Override
        public void onCommit(Batch commit, WorkerContext ctx) {
            // no commits under param-server
        }
    }

    /**
     * The evaluation of a param-server Lasso: every worker pulls the residual (all pushes of the
     * clocks before the evaluation landed) and reports {@code x_j^T r} and {@code b_j} for its
     * columns; worker 0 adds {@code r^T r} and {@code r^T y}. The coordinator sets its mirror of
     * the coefficients and leaves the rest to {@link LassoEvaluate}.
     */
    static final class Evaluate implements EvaluatePlugin {
        private static final long serialVersionUID = 1L;
        private final LassoEvaluate shared;

        Evaluate(LassoEvaluate shared) {
            this.shared = shared;
        }

        @Override
        public double[] partial(WorkerContext ctx) {
            ColumnShard s = ctx.shard(ColumnShard.class);
            LassoShard cols = s.columns();
            Coefficients own = ctx.local("lasso.ps.b", () -> new Coefficients(cols.columns()));
            double[] r = pullResidual(s, ctx);
            int p = s.p();
            double[] out = new double[2 + 2 * p];
            if (ctx.worker() == 0) {
                double[] y = cols.y();
                for (int i = 0; i < r.length; i++) {
                    out[0] += r[i] * r[i];
                    out[1] += r[i] * y[i];
                }
            }
            int[] ptr = cols.colPtr();
            int[] idx = cols.rowIdx();
            double[] v = cols.vals();
            for (int j = 0; j < cols.columns(); j++) {
                double dot = 0;
                for (int k = ptr[j]; k < ptr[j + 1]; k++) {
                    dot += v[k] * r[idx[k]];
                }
                out[2 + s.first() + j] = dot;
                out[2 + p + s.first() + j] = own.b[j];
            }
            return out;
        }

        @Override
        public Evaluation combine(long round, double[][] partials, CoordinatorContext ctx) {
            LassoState st = ctx.state(LassoState.class);
            int p = st.model.b.length;
            double[][] trimmed = new double[partials.length][];
            java.util.Arrays.fill(st.model.b, 0);
            for (int w = 0; w < partials.length; w++) {
                trimmed[w] = java.util.Arrays.copyOf(partials[w], 2 + p);
                for (int j = 0; j < p; j++) {
                    st.model.b[j] += partials[w][2 + p + j];
                }
            }
            return shared.combine(round, trimmed, ctx);
        }
    }
}

package org.strads4j.apps.lasso;

import org.strads4j.api.Batch;
import org.strads4j.api.UpdatePlugin;
import org.strads4j.api.WorkerContext;

/**
 * The worker side of STRADS Lasso. The worker keeps its part of the residual {@code r = y - X b}
 * (node-local, starting at {@code y} since {@code b = 0}).
 * <ul>
 *   <li>update: for each scheduled coordinate {@code j}, the partial inner product {@code x_j^T r}
 *       over this shard's rows (one value per key);</li>
 *   <li>onCommit: for each committed change {@code (j; delta, b_new)}, {@code r -= x_j * delta}.</li>
 * </ul>
 */
final class LassoUpdate implements UpdatePlugin {
    private static final long serialVersionUID = 1L;
    static final String RESIDUAL = "lasso.residual";

    static double[] residual(WorkerContext ctx) {
        return ctx.local(RESIDUAL, () -> ctx.shard(LassoShard.class).y().clone());
    }

    @Override
    public Batch update(Batch blocks, WorkerContext ctx) {
        LassoShard s = ctx.shard(LassoShard.class);
        double[] r = residual(ctx);
        long[] keys = blocks.keys();
        double[] out = new double[keys.length];
        int[] ptr = s.colPtr();
        int[] idx = s.rowIdx();
        double[] v = s.vals();
        for (int i = 0; i < keys.length; i++) {
            int j = (int) keys[i];
            double dot = 0;
            for (int k = ptr[j]; k < ptr[j + 1]; k++) {
                dot += v[k] * r[idx[k]];
            }
            out[i] = dot;
        }
        return Batch.of(keys, out, 1);
    }

    @Override
    public void onCommit(Batch commit, WorkerContext ctx) {
        LassoShard s = ctx.shard(LassoShard.class);
        double[] r = residual(ctx);
        int[] ptr = s.colPtr();
        int[] idx = s.rowIdx();
        double[] v = s.vals();
        for (int i = 0; i < commit.size(); i++) {
            double delta = commit.value(i, 0);
            if (delta == 0) {
                continue;
            }
            int j = (int) commit.key(i);
            for (int k = ptr[j]; k < ptr[j + 1]; k++) {
                r[idx[k]] -= v[k] * delta;
            }
        }
    }
}

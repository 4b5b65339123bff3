package org.strads4j.apps.mf;

import org.strads4j.api.Batch;
import org.strads4j.api.UpdatePlugin;
import org.strads4j.api.WorkerContext;

/**
 * The worker side of CCD++. A round names one block key (side, feature {@code t}, this worker's
 * block):
 * <ul>
 *   <li>update: when {@code t} is not the open feature, the previous open feature is taken out of
 *       both residual copies ({@code R = R^ - u v^T}) and {@code t} is added back
 *       ({@code R^ = R + u_t v_t^T}), as CCD++ does once per feature; then side W: the new
 *       {@code u_t} of the row block's users from the row-block {@code R^} and the full
 *       {@code v_t}; side H: the new {@code v_t} of the column block's items from the column-block
 *       {@code R^} and the full {@code u_t} ({@link CcdKernel#solve}). The partial is one key
 *       carrying the block's values in index order;</li>
 *   <li>onCommit: the whole new column replaces the local copy. The residuals need no change while
 *       its feature is open; a commit of another feature (possible only with staleness above 0)
 *       is applied to both residual copies as {@code r_ij -= d_i v_j}.</li>
 * </ul>
 */
final class MfUpdate implements UpdatePlugin {
    private static final long serialVersionUID = 1L;
    static final String STATE = "mf.state";

    private final int rank;
    private final double lambda;
    private final Regularizer reg;

    MfUpdate(int rank, double lambda, Regularizer reg) {
        this.rank = rank;
        this.lambda = lambda;
        this.reg = reg;
    }

    static MfState state(WorkerContext ctx, int rank) {
        return ctx.local(STATE, () -> new MfState(ctx.shard(MfShard.class), rank));
    }

    @Override
    public Batch update(Batch blocks, WorkerContext ctx) {
        MfShard s = ctx.shard(MfShard.class);
        MfState st = state(ctx, rank);
        if (blocks.size() != 1) {
            throw new IllegalStateException("MF expects one block per worker and round, got " + blocks);
        }
        long key = blocks.key(0);
        int t = FactorKeys.feature(key);
        if (st.open != t) {
            if (st.open >= 0) {
                close(s, st);
            }
            open(s, st, t);
        }
        double[] out;
        if (FactorKeys.side(key) == FactorKeys.W) {
            out = new double[s.userTo() - s.userFrom()];
            CcdKernel.solve(s.rowPtr(), s.rowItem(), st.rowResid, st.column(FactorKeys.H, t), lambda, reg, out);
        } else {
            out = new double[s.itemTo() - s.itemFrom()];
            CcdKernel.solve(s.colPtr(), s.colUser(), st.colResid, st.column(FactorKeys.W, t), lambda, reg, out);
        }
        return Batch.of(new long[] {key}, out, out.length);
    }

    /** {@code R^ = R + u_t v_t^T} on both copies. */
    private static void open(MfShard s, MfState st, int t) {
        double[] u = st.column(FactorKeys.W, t);
        double[] v = st.column(FactorKeys.H, t);
        CcdKernel.addOuter(s.rowPtr(), s.rowItem(), st.rowResid, s.userFrom(), u, v);
        CcdKernel.addOuter(s.colPtr(), s.colUser(), st.colResid, s.itemFrom(), v, u);
        st.open = t;
    }

    /** {@code R = R^ - u v^T} for the open feature, on both copies. */
    private static void close(MfShard s, MfState st) {
        double[] u = st.column(FactorKeys.W, st.open);
        double[] v = st.column(FactorKeys.H, st.open);
        CcdKernel.subtractOuter(s.rowPtr(), s.rowItem(), st.rowResid, s.userFrom(), u, v);
        CcdKernel.subtractOuter(s.colPtr(), s.colUser(), st.colResid, s.itemFrom(), v, u);
        st.open = -1;
    }

    @Override
    public void onCommit(Batch commit, WorkerContext ctx) {
        if (commit.isEmpty()) {
            return;
        }
        MfShard s = ctx.shard(MfShard.class);
        MfState st = state(ctx, rank);
        long key = commit.key(0);
        int t = FactorKeys.feature(key);
        int side = FactorKeys.side(key);
        double[] fresh = commit.values();
        if (st.open != t) {
            double[] delta = st.column(side, t);
            for (int i = 0; i < delta.length; i++) {
                delta[i] = fresh[i] - delta[i];
            }
            if (side == FactorKeys.W) {
                double[] v = st.column(FactorKeys.H, t);
                CcdKernel.subtractOuter(s.rowPtr(), s.rowItem(), st.rowResid, s.userFrom(), delta, v);
                CcdKernel.subtractOuter(s.colPtr(), s.colUser(), st.colResid, s.itemFrom(), v, delta);
            } else {
                double[] u = st.column(FactorKeys.W, t);
                CcdKernel.subtractOuter(s.colPtr(), s.colUser(), st.colResid, s.itemFrom(), delta, u);
                CcdKernel.subtractOuter(s.rowPtr(), s.rowItem(), st.rowResid, s.userFrom(), u, delta);
            }
        }
        int n = side == FactorKeys.W ? st.users : st.items;
        System.arraycopy(fresh, 0, side == FactorKeys.W ? st.w : st.h, t * n, n);
    }
}

package org.strads4j.apps.mf;

import org.strads4j.api.Batch;
import org.strads4j.api.UpdatePlugin;
import org.strads4j.api.WorkerContext;

/**
 * The worker side of CCD++. A round names one block key (side, feature {@code t}, this worker's
 * block):
 * <ul>
 *   <li>update, side W: the new {@code u_t} of the row block's users, from the row-block residual
 *       and the full {@code v_t} ({@link CcdKernel#solve}); side H: the new {@code v_t} of the
 *       column block's items, from the column-block residual and the full {@code u_t}. The partial
 *       is one key carrying the block's values in index order;</li>
 *   <li>onCommit: the whole new column; both residual copies take {@code r_ij -= d_i v_j} (or
 *       {@code u_i d_j}) and the local factor copy is replaced.</li>
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
        double[] out;
        if (FactorKeys.side(key) == FactorKeys.W) {
            out = new double[s.userTo() - s.userFrom()];
            CcdKernel.solve(s.rowPtr(), s.rowItem(), st.rowResid, s.userFrom(), column(st.w, t, st.users),
                    column(st.h, t, st.items), lambda, reg, out);
        } else {
            out = new double[s.itemTo() - s.itemFrom()];
            CcdKernel.solve(s.colPtr(), s.colUser(), st.colResid, s.itemFrom(), column(st.h, t, st.items),
                    column(st.w, t, st.users), lambda, reg, out);
        }
        return Batch.of(new long[] {key}, out, out.length);
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
        double[] fresh = commit.values();
        if (FactorKeys.side(key) == FactorKeys.W) {
            double[] delta = delta(st.w, t * st.users, fresh);
            double[] v = column(st.h, t, st.items);
            CcdKernel.applyAlong(s.rowPtr(), s.rowItem(), st.rowResid, s.userFrom(), delta, v);
            CcdKernel.applyAcross(s.colPtr(), s.colUser(), st.colResid, s.itemFrom(), delta, v);
            System.arraycopy(fresh, 0, st.w, t * st.users, st.users);
        } else {
            double[] delta = delta(st.h, t * st.items, fresh);
            double[] u = column(st.w, t, st.users);
            CcdKernel.applyAlong(s.colPtr(), s.colUser(), st.colResid, s.itemFrom(), delta, u);
            CcdKernel.applyAcross(s.rowPtr(), s.rowItem(), st.rowResid, s.userFrom(), delta, u);
            System.arraycopy(fresh, 0, st.h, t * st.items, st.items);
        }
    }

    private static double[] delta(double[] factors, int offset, double[] fresh) {
        double[] d = new double[fresh.length];
        for (int i = 0; i < fresh.length; i++) {
            d[i] = fresh[i] - factors[offset + i];
        }
        return d;
    }

    private static double[] column(double[] factors, int t, int n) {
        double[] c = new double[n];
        System.arraycopy(factors, t * n, c, 0, n);
        return c;
    }
}

package org.strads4j.apps.mf;

import java.io.Serializable;
import org.strads4j.api.Batch;
import org.strads4j.api.UpdatePlugin;
import org.strads4j.api.WorkerContext;
import org.strads4j.kernel.Device;

/**
 * The worker side of CCD++. A round names one block key (side, feature {@code t}, this worker's
 * block); the residual work runs in the worker's {@link MfKernel}, on the device {@code --device}
 * chooses for the node:
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
 *       is applied to both residual copies as {@code r_ij -= d_i v_j};</li>
 *   <li>checkpoints save the {@link MfState} with the kernel's residuals, which restores the
 *       kernel on whatever node, and device, the worker is installed next.</li>
 * </ul>
 */
final class MfUpdate implements UpdatePlugin {
    private static final long serialVersionUID = 2L;
    static final String STATE = "mf.state";

    private final int rank;
    private final double lambda;
    private final Regularizer reg;
    private final Device device;

    MfUpdate(int rank, double lambda, Regularizer reg, Device device) {
        this.rank = rank;
        this.lambda = lambda;
        this.reg = reg;
        this.device = device;
    }

    static MfState state(WorkerContext ctx, int rank) {
        return ctx.local(STATE, () -> new MfState(ctx.shard(MfShard.class), rank));
    }

    @Override
    public Batch update(Batch blocks, WorkerContext ctx) {
        MfShard s = ctx.shard(MfShard.class);
        MfState st = state(ctx, rank);
        MfKernel k = MfKernel.of(ctx, device, rank);
        if (blocks.size() != 1) {
            throw new IllegalStateException("MF expects one block per worker and round, got " + blocks);
        }
        long key = blocks.key(0);
        int t = FactorKeys.feature(key);
        if (st.open != t) {
            if (st.open >= 0) {
                // R = R^ - u v^T for the open feature
                k.subtractOuter(st.column(FactorKeys.W, st.open), st.column(FactorKeys.H, st.open));
                st.open = -1;
            }
            // R^ = R + u_t v_t^T
            k.addOuter(st.column(FactorKeys.W, t), st.column(FactorKeys.H, t));
            st.open = t;
        }
        double[] out;
        if (FactorKeys.side(key) == FactorKeys.W) {
            out = new double[s.userTo() - s.userFrom()];
            k.solve(FactorKeys.W, st.column(FactorKeys.H, t), lambda, reg, out);
        } else {
            out = new double[s.itemTo() - s.itemFrom()];
            k.solve(FactorKeys.H, st.column(FactorKeys.W, t), lambda, reg, out);
        }
        return Batch.of(new long[] {key}, out, out.length);
    }

    @Override
    public void onCommit(Batch commit, WorkerContext ctx) {
        if (commit.isEmpty()) {
            return;
        }
        MfState st = state(ctx, rank);
        long key = commit.key(0);
        int t = FactorKeys.feature(key);
        int side = FactorKeys.side(key);
        double[] fresh = commit.values();
        if (st.open != t) {
            MfKernel k = MfKernel.of(ctx, device, rank);
            double[] delta = st.column(side, t);
            for (int i = 0; i < delta.length; i++) {
                delta[i] = fresh[i] - delta[i];
            }
            if (side == FactorKeys.W) {
                k.subtractOuter(delta, st.column(FactorKeys.H, t));
            } else {
                k.subtractOuter(st.column(FactorKeys.W, t), delta);
            }
        }
        int n = side == FactorKeys.W ? st.users : st.items;
        System.arraycopy(fresh, 0, side == FactorKeys.W ? st.w : st.h, t * n, n);
    }

    @Override
    public String kernel(WorkerContext ctx) {
        return MfKernel.of(ctx, device, rank).describe();
    }

    /** The state with both residuals: a checkpoint of this worker. */
    @Override
    public Serializable saveState(WorkerContext ctx) {
        MfState st = state(ctx, rank);
        MfKernel k = MfKernel.of(ctx, device, rank);
        return st.withResiduals(k.rowResidual(), k.colResidual());
    }

    @Override
    public void restoreState(WorkerContext ctx, Serializable saved) {
        MfState st = (MfState) saved;
        double[] row = st.rowResid;
        double[] col = st.colResid;
        if (row == null || col == null) {
            throw new IllegalStateException("an MF worker checkpoint without its residuals");
        }
        if (ctx.local(STATE, () -> st) != st) {
            throw new IllegalStateException("an MF worker restored over state it already has");
        }
        MfKernel k = MfKernel.of(ctx, device, rank);   // made now from the saved residuals, on this node's device
        if (st.rowResid != null) {
            k.residuals(row, col);                    // a kernel made before the state: give it the residuals
            st.rowResid = null;
            st.colResid = null;
        }
    }
}

package org.strads4j.apps.mf;

import org.strads4j.api.WorkerContext;
import org.strads4j.kernel.Device;

/**
 * The heavy work of a CCD++ worker ({@link MfUpdate}) over its shard, with the two residual copies
 * it keeps: the row block's (CSR order of {@link MfShard#rowItem()}) and the column block's (CSC
 * order of {@link MfShard#colUser()}). {@link JavaMfKernel} is the plain-Java reference (the
 * {@link CcdKernel} loops on the heap); {@link CudaMfKernel} keeps the shard's structure and both
 * residuals on a CUDA device. One per worker, node-local, made on first use (the worker's install,
 * which reports {@link #describe()} for the provenance) and closed when the worker is uninstalled.
 *
 * <p>Factor columns are passed full length: {@code u} has one value per user of the whole problem,
 * {@code v} one per item.
 */
interface MfKernel extends AutoCloseable {
    /** The node-local name of a worker's kernel. */
    String LOCAL = "mf.kernel";

    /** {@code r_ij += u_i v_j} on both copies: CCD++ opening feature {@code t} ({@code R^ = R + u_t v_t^T}). */
    void addOuter(double[] u, double[] v);

    /**
     * {@code r_ij -= u_i v_j} on both copies: closing the open feature ({@code R = R^ - u v^T}), or
     * a commit's correction ({@code u} or {@code v} the change of a feature that is not open).
     */
    void subtractOuter(double[] u, double[] v);

    /**
     * New values of feature column {@code side} for this worker's block ({@link CcdKernel#solve}):
     * side {@link FactorKeys#W} over the row block with {@code other = v_t} (out: one value per
     * user of the block), side {@link FactorKeys#H} over the column block with {@code other = u_t}
     * (one per item of the block).
     */
    void solve(int side, double[] other, double lambda, Regularizer reg, double[] out);

    /** A copy of the row block's residual (evaluations and checkpoints). */
    double[] rowResidual();

    /** A copy of the column block's residual (checkpoints). */
    double[] colResidual();

    /** Replaces both residuals (from a checkpoint). */
    void residuals(double[] row, double[] col);

    /** What computes, for the provenance. */
    String describe();

    @Override
    void close();

    /**
     * The worker's kernel: made on first use, on the device {@code device} names for this node,
     * from the residuals a restored {@link MfState} carries (which it then drops) or else from the
     * shard's ratings (the residuals of {@code W = 0}).
     */
    static MfKernel of(WorkerContext ctx, Device device, int rank) {
        MfState st = MfUpdate.state(ctx, rank);   // first: a context's local map may not nest
        return ctx.local(LOCAL, () -> {
            MfShard s = ctx.shard(MfShard.class);
            boolean gpu = device.useGpuHere();
            double[] row = st.rowResid != null ? st.rowResid : s.rowValue().clone();
            double[] col = st.colResid != null ? st.colResid : s.colValue().clone();
            MfKernel k = gpu ? new CudaMfKernel(s, row, col) : new JavaMfKernel(s, row, col);
            st.rowResid = null;
            st.colResid = null;
            return k;
        });
    }
}

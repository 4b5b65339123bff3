package org.strads4j.apps.lasso;

import java.io.Serializable;
import org.strads4j.api.Batch;
import org.strads4j.api.UpdatePlugin;
import org.strads4j.api.WorkerContext;
import org.strads4j.kernel.Device;

/**
 * The worker side of STRADS Lasso. The worker keeps its part of the residual {@code r = y - X b}
 * (node-local, starting at {@code y} since {@code b = 0}) in its {@link LassoKernel}, on the
 * device {@code --device} chooses for the node.
 * <ul>
 *   <li>update: for each scheduled coordinate {@code j}, the partial inner product {@code x_j^T r}
 *       over this shard's rows (one value per key);</li>
 *   <li>onCommit: for each committed change {@code (j; delta, b_new)}, {@code r -= x_j * delta};</li>
 *   <li>checkpoints save the residual, which restores the kernel on whatever node, and device,
 *       the worker is installed next.</li>
 * </ul>
 */
final class LassoUpdate implements UpdatePlugin {
    private static final long serialVersionUID = 2L;
    private final Device device;

    LassoUpdate(Device device) {
        this.device = device;
    }

    @Override
    public Batch update(Batch blocks, WorkerContext ctx) {
        long[] keys = blocks.keys();
        double[] out = new double[keys.length];
        LassoKernel.of(ctx, device).dots(keys, out);
        return Batch.of(keys, out, 1);
    }

    @Override
    public void onCommit(Batch commit, WorkerContext ctx) {
        LassoKernel.of(ctx, device).apply(commit);
    }

    @Override
    public String kernel(WorkerContext ctx) {
        return LassoKernel.of(ctx, device).describe();
    }

    @Override
    public Serializable saveState(WorkerContext ctx) {
        return LassoKernel.of(ctx, device).residual();
    }

    @Override
    public void restoreState(WorkerContext ctx, Serializable saved) {
        LassoKernel.of(ctx, device).residual((double[]) saved);
    }
}

package org.strads4j.apps.lasso;

import org.strads4j.api.Batch;
import org.strads4j.api.WorkerContext;
import org.strads4j.kernel.Device;

/**
 * The heavy work of a Lasso worker over its shard, with the residual {@code r = y - X b} it keeps:
 * {@link JavaLassoKernel} (plain Java, the reference) or {@link CudaLassoKernel} (the shard and the
 * residual on the GPU). One per worker, node-local, made when the worker is installed.
 */
interface LassoKernel extends AutoCloseable {
    /** The node-local name of a worker's kernel. */
    String LOCAL = "lasso.kernel";

    /** {@code out[i] = x_j^T r} over this shard for {@code j = keys[i]}. */
    void dots(long[] keys, double[] out);

    /** {@code r -= x_j * delta} for every change {@code (j; delta, ...)} of a round's commit. */
    void apply(Batch commit);

    /** {@code [r^T r, r^T y, X^T r]} over this shard (length {@code 2 + p}). */
    double[] partial();

    /** A copy of the residual (for a checkpoint). */
    double[] residual();

    /** Replaces the residual (from a checkpoint). */
    void residual(double[] r);

    /** What computes, for the provenance. */
    String describe();

    @Override
    void close();

    /** The worker's kernel: made on first use on the device {@code device} names for this node. */
    static LassoKernel of(WorkerContext ctx, Device device) {
        return ctx.local(LOCAL, () -> {
            LassoShard s = ctx.shard(LassoShard.class);
            double[] r = s.y().clone();
            return device.useGpuHere() ? new CudaLassoKernel(s, r) : new JavaLassoKernel(s, r);
        });
    }
}

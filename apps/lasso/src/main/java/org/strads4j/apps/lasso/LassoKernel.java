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
        return ctx.local(LOCAL, () -> make(ctx.shard(LassoShard.class), device));
    }

    /**
     * The kernel {@code device} chooses for shard {@code s} on this node: CUDA where it uses the GPU;
     * the BLAS kernel under {@code blas} when the shard is dense, and under {@code auto} when it is
     * also large enough to pay ({@link Nd4jLassoKernel#pays}); plain Java otherwise. A BLAS library
     * that fails to load is plain Java under {@code auto} and an error under {@code blas}.
     */
    static LassoKernel make(LassoShard s, Device device) {
        double[] r = s.y().clone();
        if (device.useGpuHere()) {
            return new CudaLassoKernel(s, r);
        }
        boolean blas = device == Device.BLAS ? Nd4jLassoKernel.whyNot(s) == null
                : device == Device.AUTO && Nd4jLassoKernel.pays(s);
        if (blas) {
            try {
                return new Nd4jLassoKernel(s, r);
            } catch (LinkageError | RuntimeException e) {
                if (device == Device.BLAS) {
                    throw new IllegalStateException("--device blas: ND4J's native BLAS did not load on this node: " + e, e);
                }
            }
        }
        if (device == Device.BLAS) {
            return new JavaLassoKernel(s, r, "no BLAS for this shard: " + Nd4jLassoKernel.whyNot(s));
        }
        return new JavaLassoKernel(s, r);
    }
}

package org.strads4j.api;

/**
 * Sums a vector over all workers of a round up a binary tree of direct messages
 * ({@link WorkerContext#send}): worker {@code w} adds its children's {@code 2w+1} and
 * {@code 2w+2} sums into its own and hands the result to its parent, so no worker receives more
 * than two vectors whatever the number of workers, and the coordinator none. The data-parallel
 * reduce of an {@link UpdatePlugin}:
 *
 * <pre>{@code
 * double[] grad = localGradient(ctx);
 * return TreeReduce.sum(grad, ctx) ? Batch.of(keys, grad, 1) : Batch.empty();  // worker 0 has the total
 * }</pre>
 *
 * The summation order is fixed by the tree, so results do not depend on timing. Every worker of
 * the job must call it once in the round. Uses message keys from {@link Long#MIN_VALUE} up, which
 * apps' own keys must avoid.
 */
public final class TreeReduce {
    private TreeReduce() {
    }

    /**
     * Adds every worker's {@code values} into worker 0's; returns true on worker 0, whose array
     * then holds the total. Other workers' arrays are handed over and must not be used again.
     */
    public static boolean sum(double[] values, WorkerContext ctx) {
        int w = ctx.worker();
        long base = Long.MIN_VALUE + 2 * ctx.round();
        for (int child = 2 * w + 1; child <= 2 * w + 2 && child < ctx.workers(); child++) {
            double[] part = ctx.receive(base + (child - 2 * w - 1));
            if (part.length != values.length) {
                throw new IllegalStateException("worker " + child + " reduced " + part.length + " values, worker " + w
                        + " " + values.length);
            }
            for (int i = 0; i < values.length; i++) {
                values[i] += part[i];
            }
        }
        if (w == 0) {
            return true;
        }
        int parent = (w - 1) / 2;
        ctx.send(parent, base + (w - 2 * parent - 1), values);
        return false;
    }
}

package org.strads4j.api;

import java.io.Serializable;

/**
 * The worker side of a round: the "push" of SPP. Runs on the node that holds the worker's shard.
 *
 * <p>The engine installs the plugin once per worker and calls it from one thread at a time per
 * worker, commits first: before {@code update} of round {@code t} the commits of all rounds up to
 * {@code t - 1 - staleness} have been passed to {@link #onCommit}, in round order, exactly once.
 * Instances are serialised to the workers, so keep their fields small (hyperparameters only) and
 * keep data in the shard and in {@link WorkerContext#local}.
 */
public interface UpdatePlugin extends Serializable {

    /**
     * Computes this worker's partial result for {@code blocks} from its shard and local state.
     *
     * @return the partial result, aggregated on the coordinator with the other workers'
     */
    Batch update(Batch blocks, WorkerContext ctx);

    /** Applies a round's commit to the worker-local state (for example a residual update). */
    void onCommit(Batch commit, WorkerContext ctx);

    /**
     * The kernel this plugin computes with on this worker's node, for the provenance; called once
     * when the worker is installed, so a plugin that makes its kernel here (and fails here when a
     * required device is missing) fails the job before its first round. Node-local state that
     * implements {@link AutoCloseable} (device memory) is closed when the worker is uninstalled. It
     * must not write parameters: a job's parameters are empty until its first round (the checkpoint
     * taken at install records them so without reading the cache).
     */
    default String kernel(WorkerContext ctx) {
        return "cpu (plain Java)";
    }

    /**
     * This worker's state that is neither in its shard nor in the parameter store, for a checkpoint
     * (the engine checkpoints jobs so that a lost node, or a lost cluster, costs only the rounds
     * since). Called between rounds, with every commit applied. The default, {@code null}, saves the
     * whole node-local state ({@link WorkerContext#local}), whose values must then be
     * {@link Serializable}; return something smaller when the state can be rebuilt from less.
     */
    default Serializable saveState(WorkerContext ctx) {
        return null;
    }

    /**
     * Restores what {@link #saveState} returned, on a freshly installed worker whose node-local state
     * is empty. Only called when {@code saveState} returned non-null.
     */
    default void restoreState(WorkerContext ctx, Serializable saved) {
        throw new UnsupportedOperationException(getClass().getName() + " saves its own state but cannot restore it");
    }
}

package org.strads4j.api;

import java.util.function.Supplier;

/**
 * What an {@link UpdatePlugin} or {@link EvaluatePlugin} sees on a worker: its data shard, its
 * node-local state, its random stream and the job's parameters.
 *
 * <p>There is one context per worker per job; the engine never calls into the same context from
 * two threads at once.
 */
public interface WorkerContext {

    /** This worker's index, from 0. */
    int worker();

    /** Number of workers in the job. */
    int workers();

    /** This worker's seed: derived from the job seed and the worker index, never shared. */
    long seed();

    /**
     * The round being computed ({@link UpdatePlugin#update}), or the last round whose commit this
     * worker applied (evaluations). Random draws that depend on the worker's seed and this round
     * alone are reproduced exactly when a job resumes from a checkpoint.
     */
    long round();

    /**
     * Under {@link JobSpec#PARAM_SERVER}, this worker's clock: the engine calls
     * {@link UpdatePlugin#update} once per clock (1, 2, ...), each worker on its own, at most the
     * job's staleness clocks ahead of the slowest worker. The same number as {@link #round()}.
     */
    default long clock() {
        return round();
    }

    /** This worker's seed for the current {@link #round()}: {@link #seed()} mixed with the round. */
    long roundSeed();

    /**
     * This worker's data shard, read from the node-local primary copy in the job's shard cache
     * (loaded once, then kept on the node).
     */
    <T> T shard(Class<T> type);

    /**
     * Node-local state of this worker, created on first use by {@code init} and kept until the
     * job ends (for example a residual vector or count tables).
     */
    <T> T local(String name, Supplier<T> init);

    /**
     * Hands {@code message} directly to worker {@code to} of this job, which takes it with
     * {@link #receive} under the same {@code key}: peer to peer, through neither the coordinator nor
     * the parameter store (the LDA rotation passes each word-topic block to the worker that samples
     * it next this way). Asynchronous; the sender must not change the message afterwards (to a
     * worker on the same node it is handed over without a copy). A message lives as long as the
     * workers' install: after a recovery from a checkpoint, state comes from the checkpoint and the
     * parameter store, never from messages of the lost timeline.
     */
    void send(int to, long key, Object message);

    /**
     * Takes the message sent to this worker under {@code key}, waiting until it arrives.
     *
     * @throws IllegalStateException when it did not arrive within ten minutes, or the worker was
     *                               abandoned (its job is recovering or over)
     */
    <T> T receive(long key);

    /** The job's parameter store. */
    <V> ParamStore<V> params();
}

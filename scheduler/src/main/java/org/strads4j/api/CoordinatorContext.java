package org.strads4j.api;

/**
 * What the coordinator-side plugins ({@link SchedulePlugin}, {@link AggregatePlugin},
 * {@link EvaluatePlugin#combine}, {@link ResultWriter}) see of their job: the spec, the number of
 * workers, the job's parameter store, and the job's one coordinator state object.
 *
 * <p>The coordinator state is whatever the app keeps between rounds on the coordinator (a model
 * mirror, priorities, scratch space): one object, built by {@link App#plan} and handed over with
 * {@link Job.Builder#state}. The plugins themselves hold only hyperparameters. Keeping the state
 * in one explicit, serialisable object is what lets the coordinator run on any node of a cluster
 * (it is shipped there with the job), and be inspected.
 *
 * <pre>{@code
 * LassoState st = ctx.state(LassoState.class);
 * st.model().b[j] = ...;
 * }</pre>
 */
public interface CoordinatorContext {

    /** The job as submitted. */
    JobSpec spec();

    /** Number of workers (one per server node). */
    int workers();

    /** The job's coordinator state, as given to {@link Job.Builder#state}. */
    <S> S state(Class<S> type);

    /**
     * The job's parameter store. Writes are coalesced here and reach the Ignite cache at
     * checkpoints, at most every ten seconds at an evaluation, and when the job ends; reads here
     * always see them.
     */
    <V> ParamStore<V> params();

    /**
     * Asks for an evaluation as soon as the round being aggregated is committed (and the rounds
     * still in flight are), besides those every {@link JobSpec#evalEvery()} rounds: for a round
     * whose result the app wants judged at once, such as a Lasso working-set solve. Called from
     * {@link AggregatePlugin#aggregate}; elsewhere it applies to the next commit.
     */
    void requestEvaluation();
}

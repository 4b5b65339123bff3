package org.strads4j.api;

import java.io.Serializable;

/**
 * Measures progress: partial statistics on every worker, combined on the coordinator into an
 * {@link Evaluation} (objective, metrics, converged or not). The engine calls it every
 * {@link JobSpec#evalEvery()} rounds and after the last round, once all commits are applied.
 * The same instance is shipped to the workers and the coordinator: keep its fields to
 * hyperparameters; coordinator-side state is in {@link CoordinatorContext#state}.
 */
public interface EvaluatePlugin extends Serializable {

    /** This worker's partial statistics (for example its part of a squared residual norm). */
    double[] partial(WorkerContext ctx);

    /**
     * Combines the partials (in worker order) into the evaluation of {@code round}.
     *
     * @param round    the last committed round
     * @param partials one array per worker
     * @param ctx      the job: its coordinator state and its parameter store, up to date with every commit
     */
    Evaluation combine(long round, double[][] partials, CoordinatorContext ctx);
}

package org.strads4j.api;

import java.io.Serializable;
import java.util.List;

/**
 * Combines the workers' partial results on the coordinator: the "pull" of SPP.
 *
 * <p>Writes the new parameter values into the job's {@link ParamStore} and returns the commit,
 * which the engine sends to every worker with the next round's dispatch and to
 * {@link SchedulePlugin#observe}. Called from one thread. State kept between rounds belongs in the
 * job's coordinator state ({@link CoordinatorContext#state}); the plugin is shipped with the job.
 */
public interface AggregatePlugin extends Serializable {

    /**
     * @param assignment what the round dispatched
     * @param partials   one partial per worker, in worker order (so sums are deterministic); empty for a
     *                   round {@link Assignment#onCoordinator} computed on the coordinator alone
     * @param ctx        the job: its coordinator state and parameter store
     * @return the commit of this round (may be empty)
     */
    Batch aggregate(Assignment assignment, List<Batch> partials, CoordinatorContext ctx);
}

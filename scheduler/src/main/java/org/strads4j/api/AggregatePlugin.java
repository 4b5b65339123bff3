package org.strads4j.api;

import java.util.List;

/**
 * Combines the workers' partial results on the coordinator: the "pull" of SPP.
 *
 * <p>Writes the new parameter values into the {@link ParamStore} and returns the commit, which
 * the engine sends to every worker with the next round's dispatch and to
 * {@link SchedulePlugin#observe(Batch)}. Called from one thread.
 */
public interface AggregatePlugin {

    /**
     * @param assignment what the round dispatched
     * @param partials   one partial per worker, in worker order (so sums are deterministic)
     * @param params     the job's parameter store
     * @return the commit of this round (may be empty)
     */
    Batch aggregate(Assignment assignment, List<Batch> partials, ParamStore<?> params);
}

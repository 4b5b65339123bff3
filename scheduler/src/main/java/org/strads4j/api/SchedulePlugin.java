package org.strads4j.api;

import java.io.Serializable;

/**
 * Picks the blocks to update next, on the coordinator: the "schedule" of SPP.
 *
 * <p>A scheduler may use convergence priorities (what {@link #observe} reports) and dependencies
 * (blocks that interfere must not share a round). It is called from one thread. What it keeps
 * between rounds belongs in the job's coordinator state ({@link CoordinatorContext#state}); the
 * plugin itself holds hyperparameters only, and is shipped with the job (so it is
 * {@link Serializable}).
 *
 * <pre>{@code
 * Assignment a = schedule.next(ctx);   // round t
 * ... workers update, the aggregate commits ...
 * schedule.observe(commit, ctx);       // the commit's values feed the priorities of round t+1
 * }</pre>
 */
public interface SchedulePlugin extends Serializable {

    /**
     * The assignment of the next round. An empty assignment while other rounds are in flight means
     * nothing can run beside them (every candidate is in flight): the engine asks again once they
     * are committed. An empty assignment with nothing in flight means there is nothing left to
     * do: the engine stops.
     */
    Assignment next(ScheduleContext ctx);

    /** Sees the commit of a finished round (for example the parameter changes). */
    void observe(Batch commit, CoordinatorContext ctx);
}

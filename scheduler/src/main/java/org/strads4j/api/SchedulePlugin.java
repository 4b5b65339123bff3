package org.strads4j.api;

/**
 * Picks the blocks to update next, on the coordinator: the "schedule" of SPP.
 *
 * <p>A scheduler may use convergence priorities (what {@link #observe(Batch)} reports) and
 * dependencies (blocks that interfere must not share a round). It is called from one thread.
 *
 * <pre>{@code
 * Assignment a = schedule.next(ctx);   // round t
 * ... workers update, the aggregate commits ...
 * schedule.observe(commit);            // the commit's values feed the priorities of round t+1
 * }</pre>
 */
public interface SchedulePlugin {

    /**
     * The assignment of the next round. An empty assignment means there is nothing left to do:
     * the engine stops.
     */
    Assignment next(ScheduleContext ctx);

    /** Sees the commit of a finished round (for example the parameter changes). */
    void observe(Batch commit);
}

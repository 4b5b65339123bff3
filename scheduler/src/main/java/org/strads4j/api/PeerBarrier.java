package org.strads4j.api;

import java.util.function.IntToLongFunction;

/**
 * Workers of one job waiting for each other with direct messages ({@link WorkerContext#send}), no
 * coordinator involved: each tells every other worker it got here, then waits to hear the same
 * from all of them.
 *
 * <pre>{@code
 * PeerBarrier.await(ctx, from -> MY_KEYS + from);   // every worker of the job must call it
 * }</pre>
 */
public final class PeerBarrier {
    private PeerBarrier() {
    }

    /**
     * Returns once every worker of the job has called it. {@code keyFrom} gives the message key of
     * worker {@code from}'s arrival; the keys must be the same function on every worker and apart
     * from the job's other messages.
     */
    public static void await(WorkerContext ctx, IntToLongFunction keyFrom) {
        int me = ctx.worker();
        for (int v = 0; v < ctx.workers(); v++) {
            if (v != me) {
                ctx.send(v, keyFrom.applyAsLong(me), Boolean.TRUE);
            }
        }
        for (int v = 0; v < ctx.workers(); v++) {
            if (v != me) {
                ctx.<Boolean>receive(keyFrom.applyAsLong(v));
            }
        }
    }
}

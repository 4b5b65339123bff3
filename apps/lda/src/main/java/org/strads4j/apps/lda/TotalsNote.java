package org.strads4j.apps.lda;

import java.io.Serializable;

/**
 * A worker's running change of the topic totals n_k in one round, as of one of its steps. Notes
 * ride with the word-topic blocks around the ring of workers ({@link BlockMessage},
 * {@link TopicTotalsView}). Immutable once made. A plain class, not a record: it may travel by
 * Ignite messaging, whose binary marshaller cannot carry records.
 */
final class TotalsNote implements Serializable {
    private static final long serialVersionUID = 2L;

    /** The step of a round the worker has finished: its change in that round is complete. */
    static final int DONE = Integer.MAX_VALUE;

    final int worker;
    final long round;
    final int step;
    /** The worker's own n_k change in {@code round} up to and including {@code step} (owned by the note). */
    final int[] change;

    TotalsNote(int worker, long round, int step, int[] change) {
        this.worker = worker;
        this.round = round;
        this.step = step;
        this.change = change;
    }
}

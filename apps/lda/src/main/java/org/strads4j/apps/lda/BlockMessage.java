package org.strads4j.apps.lda;

import java.io.Serializable;

/**
 * What a worker hands the next one after sampling a vocabulary block: the block's packed
 * word-topic table, and what the sender knew of every worker's topic-total change in the rounds
 * not yet committed ({@link TopicTotalsView}). A plain class (Ignite's binary marshaller cannot
 * carry records).
 */
final class BlockMessage implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final TotalsNote[] NONE = {};

    final int[] rows;
    final TotalsNote[] notes;

    BlockMessage(int[] rows, TotalsNote[] notes) {
        this.rows = rows;
        this.notes = notes;
    }

    /** A table from the shard or the parameter store, with no notes. */
    static BlockMessage of(int[] rows) {
        return new BlockMessage(rows, NONE);
    }
}

package org.strads4j.apps.lda;

/**
 * The keys of the LDA parameter store: one entry per vocabulary block (its packed word-topic
 * table, an {@code int[]}, written at each evaluation) and one per worker (its documents' topic
 * counts, written at each evaluation for the result files); and the keys of the messages workers
 * hand each other: a block's table for the round that samples it next, and an evaluation's
 * "my blocks are in the store" notice.
 */
final class LdaKeys {
    private static final long DOC_TOPICS = 1L << 40;

    private LdaKeys() {
    }

    /** The key of vocabulary block {@code b}'s word-topic table. */
    static long block(int b) {
        return b;
    }

    /** Message keys: a round's keys start at {@code round << ROUND_SHIFT}; blocks and notices below. */
    private static final int ROUND_SHIFT = 22;
    private static final long NOTICE = 1L << (ROUND_SHIFT - 1);

    /** The largest number of vocabulary blocks (and of workers) the message keys can tell apart. */
    static final int MAX_BLOCKS = 1 << (ROUND_SHIFT - 1);

    /** The message key of block {@code b}'s table, to be sampled in round {@code round}. */
    static long blockFor(long round, int b) {
        return (round << ROUND_SHIFT) | b;
    }

    /** The message key of worker {@code from}'s notice that its blocks are stored, at evaluation {@code evaluation}. */
    static long stored(long evaluation, int from) {
        return (evaluation << ROUND_SHIFT) | NOTICE | from;
    }

    /** The key of worker {@code w}'s sparse document-topic counts. */
    static long docTopics(int w) {
        return DOC_TOPICS + w;
    }
}

package org.strads4j.apps.lda;

/**
 * The keys of the LDA parameter store: one entry per vocabulary block (its packed word-topic
 * table, an {@code int[]}) and one per worker (its documents' topic counts, written at each
 * evaluation for the result files).
 */
final class LdaKeys {
    private static final long DOC_TOPICS = 1L << 40;

    private LdaKeys() {
    }

    /** The key of vocabulary block {@code b}'s word-topic table. */
    static long block(int b) {
        return b;
    }

    /** The key of worker {@code w}'s sparse document-topic counts. */
    static long docTopics(int w) {
        return DOC_TOPICS + w;
    }
}

package org.strads4j.apps.lda;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The coordinator's state of an LDA job ({@link org.strads4j.api.CoordinatorContext#state}): the
 * global topic totals n_k, which {@link TopicTotalsAggregate} keeps up to date between sub-rounds,
 * and the vocabulary the topics are written with. Serialisable, so the coordinator can run on any
 * node.
 */
public final class LdaState implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The global n_k. */
    final long[] topicTotals;
    /** Word id to word, for topics.txt. */
    final ArrayList<String> vocabulary;

    /** Starts from the initial topic totals. */
    public LdaState(int[] initialTotals, List<String> vocabulary) {
        this.topicTotals = new long[initialTotals.length];
        for (int k = 0; k < topicTotals.length; k++) {
            topicTotals[k] = initialTotals[k];
        }
        this.vocabulary = new ArrayList<>(vocabulary);
    }
}

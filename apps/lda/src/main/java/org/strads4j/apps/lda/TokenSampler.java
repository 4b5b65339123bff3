package org.strads4j.apps.lda;

import java.util.SplittableRandom;

/**
 * One worker's sampler of the tokens of one vocabulary block against that block's word-topic
 * rows ({@link SparseGibbsSampler}, {@link MetropolisHastingsSampler}). Not thread-safe: one per
 * worker, kept in its {@link WorkerState}.
 */
public interface TokenSampler {

    /**
     * One sweep over the worker's tokens of block {@code block}.
     *
     * @param block          the vocabulary block
     * @param tokens         its tokens, document-major, words local to the block
     * @param z              their topics, updated in place
     * @param docTopicCounts n_dk for the shard's documents, dense (document d at d * K), updated
     * @param topicTotals    n_k, updated
     * @param rows           the block's packed word-topic rows ({@link TopicCountCodec}), updated
     * @param rowStart       row boundaries by local word
     * @param random         the stream to draw from
     * @return tokens sampled
     */
    long sweep(int block, TokenBlock tokens, int[] z, int[] docTopicCounts, int[] topicTotals, int[] rows,
               int[] rowStart, SplittableRandom random);

    /** Forgets whatever the sampler derived from the topics (they were replaced: a restore). */
    default void topicsReplaced() {
    }
}

package org.strads4j.apps.lda;

import java.util.SplittableRandom;
import org.strads4j.api.WorkerContext;

/**
 * A worker's mutable LDA state, kept node-locally between rounds ({@link WorkerContext#local}):
 * the topic of each of its tokens (per vocabulary block), the dense document-topic counts n_dk of
 * its documents, its view of the topic totals n_k, its sampler and its random stream, and where
 * its next round's first blocks are.
 */
final class WorkerState {
    static final String LOCAL_NAME = "lda.worker";

    final int[][] topics;
    final int[] docTopicCounts;
    final int[] topicTotals;
    final int[] totalsBefore;
    final TokenSampler sampler;
    /** The stream of standalone sampling (benchmarks); jobs draw per round from the worker's round seed. */
    final SplittableRandom random;
    /** Where the tables of a round's first c blocks come from ({@link GibbsUpdate#take}). */
    enum FirstBlocks {
        /** Round 1: the initial tables in the shard. */
        SHARD,
        /** After a restore from a checkpoint: the parameter store, where the evaluation put them. */
        STORE,
        /** Otherwise: messages from the neighbour that sampled them last round. */
        MAIL
    }

    FirstBlocks firstBlocks = FirstBlocks.SHARD;
    /**
     * Evaluations since this state was made: the same count on every worker (they all evaluate
     * together, and a recovery makes them all anew), so it names an evaluation's messages.
     */
    long evaluations;

    /** The view behind {@link #topicTotals}: the last commit's totals plus every worker's change since. */
    final TopicTotalsView totals;

    private WorkerState(LdaShard shard, LdaHyperparameters h, long seed, int workers, int self) {
        int blocks = shard.layout().blocks();
        int k = h.topics();
        this.topics = new int[blocks][];
        this.docTopicCounts = new int[Math.multiplyExact(shard.documents(), k)];
        for (int b = 0; b < blocks; b++) {
            topics[b] = shard.initialTopics(b).clone();
            int[] offsets = shard.tokens(b).offsets();
            for (int d = 0; d < shard.documents(); d++) {
                for (int i = offsets[d]; i < offsets[d + 1]; i++) {
                    docTopicCounts[d * k + topics[b][i]]++;
                }
            }
        }
        this.topicTotals = shard.initialTopicTotals().clone();
        this.totals = new TopicTotalsView(self, topicTotals);
        this.totalsBefore = new int[k];
        this.sampler = h.newSampler(shard, topics);
        this.random = new SplittableRandom(seed);
    }

    /** This worker's state, created from its shard on first use. */
    static WorkerState of(WorkerContext ctx, LdaHyperparameters h) {
        return ctx.local(LOCAL_NAME, () -> new WorkerState(ctx.shard(LdaShard.class), h, ctx.seed(), ctx.workers(),
                ctx.worker()));
    }

    /** Restores a checkpoint's copy of the state after round {@code round} (this state was just created from the shard). */
    void restore(Saved saved, long round) {
        for (int b = 0; b < topics.length; b++) {
            System.arraycopy(saved.topics[b], 0, topics[b], 0, topics[b].length);
        }
        System.arraycopy(saved.docTopicCounts, 0, docTopicCounts, 0, docTopicCounts.length);
        System.arraycopy(saved.topicTotals, 0, topicTotals, 0, topicTotals.length);
        totals.commit(round, topicTotals);
        sampler.topicsReplaced();
        firstBlocks = FirstBlocks.STORE;
    }

    /**
     * What a checkpoint keeps of a worker's state (the rest is rebuilt from the shard; the
     * word-topic tables are in the checkpointed parameter store).
     */
    static final class Saved implements java.io.Serializable {
        private static final long serialVersionUID = 2L;
        final int[][] topics;
        final int[] docTopicCounts;
        final int[] topicTotals;

        Saved(int[][] topics, int[] docTopicCounts, int[] topicTotals) {
            this.topics = new int[topics.length][];
            for (int b = 0; b < topics.length; b++) {
                this.topics[b] = topics[b].clone();
            }
            this.docTopicCounts = docTopicCounts.clone();
            this.topicTotals = topicTotals.clone();
        }
    }

    /** A state for a shard outside the engine (benchmarks, tests). */
    static WorkerState standalone(LdaShard shard, LdaHyperparameters h, long seed) {
        return new WorkerState(shard, h, seed, 1, 0);
    }
}

package org.strads4j.apps.lda;

import java.io.Serializable;
import java.util.SplittableRandom;
import org.strads4j.api.Batch;
import org.strads4j.api.ParamStore;
import org.strads4j.api.UpdatePlugin;
import org.strads4j.api.WorkerContext;

/**
 * The worker side of a sub-round: fetch the word-topic table of the assigned vocabulary block
 * from the parameter store (where the previous holder left it; the first time, from this worker's
 * shard), sweep this worker's tokens of that block with the {@link SparseGibbsSampler}, write the
 * table back for the next holder, and return the change of the topic totals n_k.
 *
 * <p>With a single block (one worker) nothing rotates, so the table stays with its worker between
 * rounds and is published at evaluations only ({@link LdaEvaluate}), saving two parameter-store
 * transfers per round.
 *
 * <p>The partial is a batch of keys 0..K-1 with one value each: this worker's n_k delta. The
 * commit ({@link TopicTotalsAggregate}) carries the new global n_k, which replaces the worker's
 * view before its next sweep.
 */
public final class GibbsUpdate implements UpdatePlugin {
    private static final long serialVersionUID = 1L;

    private final LdaHyperparameters hyper;

    public GibbsUpdate(LdaHyperparameters hyper) {
        this.hyper = hyper;
    }

    @Override
    public Batch update(Batch blocks, WorkerContext ctx) {
        WorkerState state = WorkerState.of(ctx, hyper);
        int k = hyper.topics();
        double[] delta = new double[k];
        if (blocks.isEmpty()) {
            return Batch.of(TopicTotalsAggregate.topicKeys(k), delta, 1);
        }
        LdaShard shard = ctx.shard(LdaShard.class);
        ParamStore<Object> params = ctx.params();
        System.arraycopy(state.topicTotals, 0, state.totalsBefore, 0, k);
        // Draws depend on the worker's seed and the round alone: a job resumed from a checkpoint
        // samples exactly what it sampled before.
        SplittableRandom random = new SplittableRandom(ctx.roundSeed());
        for (int i = 0; i < blocks.size(); i++) {
            int b = (int) blocks.key(i);
            int[] rows = fetch(b, shard, state, params, ctx.round());
            state.sampler.sweep(shard.tokens(b), state.topics[b], state.docTopicCounts, state.topicTotals, rows,
                    shard.layout().rowStart(b), random);
            if (hyper.blocks() == 1) {
                state.heldRows = rows;
            } else {
                params.put(LdaKeys.block(b), rows);
            }
        }
        for (int t = 0; t < k; t++) {
            delta[t] = state.topicTotals[t] - state.totalsBefore[t];
        }
        return Batch.of(TopicTotalsAggregate.topicKeys(k), delta, 1);
    }

    /**
     * Block b's table: held locally, or from the store where its last holder left it, or from the
     * shard in round 1, when no worker has held it yet (every block is held in round 1). Missing
     * later, it was lost: the job fails rather than silently restart the block's counts.
     */
    private int[] fetch(int b, LdaShard shard, WorkerState state, ParamStore<Object> params, long round) {
        if (hyper.blocks() == 1 && state.heldRows != null) {
            return state.heldRows;
        }
        int[] rows = (int[]) params.get(LdaKeys.block(b));
        if (rows != null) {
            return rows;
        }
        if (round > 1 && hyper.blocks() > 1) {
            throw new IllegalStateException("the word-topic counts of vocabulary block " + b + " are missing from the"
                    + " parameter store in round " + round + " (lost)");
        }
        return shard.initialRows(b);
    }

    /** The worker's sampling state: topic assignments, document-topic counts, its n_k view, a held block. */
    @Override
    public Serializable saveState(WorkerContext ctx) {
        WorkerState state = WorkerState.of(ctx, hyper);
        return new WorkerState.Saved(state.topics, state.docTopicCounts, state.topicTotals, state.heldRows);
    }

    @Override
    public void restoreState(WorkerContext ctx, Serializable saved) {
        WorkerState.of(ctx, hyper).restore((WorkerState.Saved) saved);
    }

    @Override
    public void onCommit(Batch commit, WorkerContext ctx) {
        WorkerState state = WorkerState.of(ctx, hyper);
        double[] totals = commit.values();
        for (int t = 0; t < totals.length; t++) {
            state.topicTotals[t] = (int) totals[t];
        }
    }
}

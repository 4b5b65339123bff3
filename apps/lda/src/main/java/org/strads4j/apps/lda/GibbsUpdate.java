package org.strads4j.apps.lda;

import java.io.Serializable;
import java.util.SplittableRandom;
import org.strads4j.api.Batch;
import org.strads4j.api.ParamStore;
import org.strads4j.api.UpdatePlugin;
import org.strads4j.api.WorkerContext;

/**
 * The worker side of a round (one Gibbs sweep): for each vocabulary block of the worker's
 * sequence ({@link RotationSchedule}), take the block's word-topic table, sweep this worker's
 * tokens of that block with its {@link TokenSampler}, and hand the table straight to the
 * worker that samples it next ({@link WorkerContext#send}); return the change of the topic totals
 * n_k.
 *
 * <p>Worker w samples block b in step t; worker {@code w - 1} samples it c steps later, in this
 * round when {@code t + c < B}, else in step {@code t + c - B} of the next one. So a worker's
 * first c blocks of a round come from the previous round (or, in round 1, from its shard; after
 * a recovery, from the parameter store, where the checkpointed evaluation left them), and the
 * rest from its neighbour within the round. One worker (B = c = 1) hands its table to itself,
 * without a copy.
 *
 * <p>Each block travels with what its sender knew of every worker's n_k change in the round
 * ({@link TopicTotalsView}), so a worker samples against totals far fresher than the last commit,
 * and, since that news comes only with the blocks, the chain depends on the seed alone. The partial is a batch of keys 0..K-1 with one value each: this worker's n_k change in the
 * round. The commit ({@link TopicTotalsAggregate}) carries the exact new n_k, the base of the
 * worker's view from then on.
 */
public final class GibbsUpdate implements UpdatePlugin {
    private static final long serialVersionUID = 2L;

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
        // Draws depend on the worker's seed and the round alone: a job resumed from a checkpoint
        // samples exactly what it sampled before.
        SplittableRandom random = new SplittableRandom(ctx.roundSeed());
        int perWorker = hyper.blocks() / ctx.workers();
        int next = (ctx.worker() + ctx.workers() - 1) % ctx.workers();
        int[] own = state.totals.own(ctx.round());
        for (int t = 0; t < blocks.size(); t++) {
            int b = (int) blocks.key(t);
            BlockMessage in = take(ctx, state, shard, ctx.round(), t, b);
            state.totals.absorb(in.notes);
            state.totals.write(state.topicTotals);
            System.arraycopy(state.topicTotals, 0, state.totalsBefore, 0, k);
            state.sampler.sweep(b, shard.tokens(b), state.topics[b], state.docTopicCounts, state.topicTotals, in.rows,
                    shard.layout().rowStart(b), random);
            for (int z = 0; z < k; z++) {
                own[z] += state.topicTotals[z] - state.totalsBefore[z];
            }
            long round = t + perWorker < hyper.blocks() ? ctx.round() : ctx.round() + 1;
            ctx.send(next, LdaKeys.blockFor(round, b),
                    new BlockMessage(in.rows, state.totals.knowledge(ctx.round(), t)));
        }
        state.firstBlocks = WorkerState.FirstBlocks.MAIL;
        for (int z = 0; z < k; z++) {
            delta[z] = own[z];
        }
        return Batch.of(TopicTotalsAggregate.topicKeys(k), delta, 1);
    }

    /**
     * Block b's table for step t of {@code round}: the first c steps' from where the last round
     * left them ({@link WorkerState#firstBlocks}), the others from the neighbour that just
     * sampled it.
     */
    static BlockMessage take(WorkerContext ctx, WorkerState state, LdaShard shard, long round, int t, int b) {
        int perWorker = state.topics.length / ctx.workers();
        if (t >= perWorker || state.firstBlocks == WorkerState.FirstBlocks.MAIL) {
            return ctx.receive(LdaKeys.blockFor(round, b));
        }
        if (state.firstBlocks == WorkerState.FirstBlocks.STORE) {
            ParamStore<Object> params = ctx.params();
            int[] rows = (int[]) params.get(LdaKeys.block(b));
            if (rows != null) {
                return BlockMessage.of(rows);
            }
            if (round > 1) {
                throw new IllegalStateException("the word-topic counts of vocabulary block " + b + " are missing from"
                        + " the parameter store in round " + round + " (lost)");
            }
        }
        return BlockMessage.of(shard.initialRows(b));
    }

    /** The worker's sampling state: topic assignments, document-topic counts, its n_k view. */
    @Override
    public Serializable saveState(WorkerContext ctx) {
        WorkerState state = WorkerState.of(ctx, hyper);
        return new WorkerState.Saved(state.topics, state.docTopicCounts, state.topicTotals);
    }

    @Override
    public void restoreState(WorkerContext ctx, Serializable saved) {
        WorkerState.of(ctx, hyper).restore((WorkerState.Saved) saved, ctx.round());
    }

    @Override
    public void onCommit(Batch commit, WorkerContext ctx) {
        WorkerState state = WorkerState.of(ctx, hyper);
        double[] totals = commit.values();
        int[] exact = new int[totals.length];
        for (int t = 0; t < totals.length; t++) {
            exact[t] = (int) totals[t];
        }
        state.totals.commit(ctx.round(), exact);
        state.totals.write(state.topicTotals);
    }
}

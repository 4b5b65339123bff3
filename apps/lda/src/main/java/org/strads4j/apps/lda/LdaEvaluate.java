package org.strads4j.apps.lda;

import java.util.LinkedHashMap;
import java.util.Map;
import org.strads4j.api.CoordinatorContext;
import org.strads4j.api.Evaluation;
import org.strads4j.api.EvaluatePlugin;
import org.strads4j.api.ParamStore;
import org.strads4j.api.PeerBarrier;
import org.strads4j.api.WorkerContext;

/**
 * Evaluates an LDA job: the joint log-likelihood log p(w, z) per token (the objective; higher is
 * better), the training perplexity from point estimates, and the count invariants, which must hold
 * after every commit or the job stops:
 * <ul>
 *   <li>every document's topic counts sum to its length, and all of them to the token count N;</li>
 *   <li>the word-topic tables sum to N, column by column equal to the global topic totals n_k;</li>
 *   <li>every worker's view of n_k equals those totals.</li>
 * </ul>
 * Each worker also publishes its documents' topic counts to the parameter store for
 * {@code doc_topics.txt}.
 */
public final class LdaEvaluate implements EvaluatePlugin {
    private static final long serialVersionUID = 1L;
    private static final int HEADER = 3;

    private final LdaHyperparameters hyper;
    private final long totalTokens;

    public LdaEvaluate(LdaHyperparameters hyper, long totalTokens) {
        this.hyper = hyper;
        this.totalTokens = totalTokens;
    }

    @Override
    public double[] partial(WorkerContext ctx) {
        WorkerState state = WorkerState.of(ctx, hyper);
        LdaShard shard = ctx.shard(LdaShard.class);
        ParamStore<Object> params = ctx.params();
        storeBlocks(ctx, state, shard, params);
        return partial(ctx, state, shard, readBlocks(params, hyper.blocks()));
    }

    /** The partial of a worker whose word-topic table is {@code rows} (the whole table, by block). */
    double[] partial(WorkerContext ctx, WorkerState state, LdaShard shard, int[][] rows) {
        int k = hyper.topics();
        checkDocuments(shard, state.docTopicCounts, k);
        ParamStore<Object> params = ctx.params();
        double[] out = new double[HEADER + k];
        out[0] = JointLogLikelihood.documentSide(state.docTopicCounts, shard.docLengths(), k, hyper.alpha());
        out[1] = shard.tokens();
        out[2] = JointLogLikelihood.predictive(shard, state.docTopicCounts, state.topicTotals, rows, hyper);
        for (int t = 0; t < k; t++) {
            out[HEADER + t] = state.topicTotals[t];
        }
        params.put(LdaKeys.docTopics(ctx.worker()), DocTopicTable.encode(shard.docIds(), state.docTopicCounts, k));
        return out;
    }

    @Override
    public Evaluation combine(long round, double[][] partials, CoordinatorContext ctx) {
        ParamStore<?> params = ctx.params();
        int k = hyper.topics();
        @SuppressWarnings("unchecked")
        int[][] rows = readBlocks((ParamStore<Object>) params, hyper.blocks());
        TopicCountCodec codec = new TopicCountCodec(k);
        long[] columns = new long[k];
        double ll = 0;
        for (int[] r : rows) {
            ll += JointLogLikelihood.wordRows(r, codec, hyper.beta(), columns);
        }
        ll += JointLogLikelihood.topicSide(columns, hyper.vocabularySize(), hyper.beta());
        double tokens = 0;
        double predictive = 0;
        for (double[] p : partials) {
            ll += p[0];
            tokens += p[1];
            predictive += p[2];
        }
        checkTotals(round, columns, partials, (long) tokens);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("iteration", (double) round);
        m.put("logLikelihood", ll);
        m.put("logLikelihoodPerToken", ll / tokens);
        m.put("perplexity", Math.exp(-predictive / tokens));
        m.put("tokens", tokens);
        return new Evaluation(ll / tokens, m, false);
    }

    /**
     * Puts the tables this worker holds between rounds (its next round's first c blocks; every
     * block is held by exactly one worker) into the parameter store, for this evaluation, the
     * results and checkpoints, and keeps them for its next round; then waits until every other
     * worker has stored its blocks too, so the store holds the whole word-topic table.
     */
    private void storeBlocks(WorkerContext ctx, WorkerState state, LdaShard shard, ParamStore<Object> params) {
        int workers = ctx.workers();
        int blocks = hyper.blocks();
        long next = ctx.round() + 1;
        for (int t = 0; t < blocks / workers; t++) {
            int b = RotationSchedule.blockOf(ctx.worker(), t, blocks, workers);
            BlockMessage held = GibbsUpdate.take(ctx, state, shard, next, t, b);
            params.put(LdaKeys.block(b), held.rows);
            ctx.send(ctx.worker(), LdaKeys.blockFor(next, b), held);
        }
        state.firstBlocks = WorkerState.FirstBlocks.MAIL;
        long evaluation = state.evaluations++;
        PeerBarrier.await(ctx, from -> LdaKeys.stored(evaluation, from));
    }

    static int[][] readBlocks(ParamStore<Object> params, int blocks) {
        long[] keys = new long[blocks];
        for (int b = 0; b < blocks; b++) {
            keys[b] = LdaKeys.block(b);
        }
        Map<Long, Object> got = params.getAll(keys);
        int[][] rows = new int[blocks][];
        for (int b = 0; b < blocks; b++) {
            Object r = got.get(keys[b]);
            if (r == null) {
                throw new IllegalStateException("word-topic table of block " + b + " missing from the parameter store");
            }
            rows[b] = (int[]) r;
        }
        return rows;
    }

    private static void checkDocuments(LdaShard shard, int[] counts, int k) {
        for (int d = 0; d < shard.documents(); d++) {
            long sum = 0;
            for (int t = 0; t < k; t++) {
                int c = counts[d * k + t];
                if (c < 0) {
                    throw new IllegalStateException("count invariant broken: n_dk < 0 for document " + shard.docIds()[d]);
                }
                sum += c;
            }
            if (sum != shard.docLengths()[d]) {
                throw new IllegalStateException("count invariant broken: topic counts of document " + shard.docIds()[d]
                        + " sum to " + sum + ", its length is " + shard.docLengths()[d]);
            }
        }
    }

    /** The word-topic columns, the workers' n_k and the token count must all agree. */
    void checkTotals(long round, long[] columns, double[][] partials, long tokens) {
        long sum = 0;
        for (long c : columns) {
            sum += c;
        }
        if (tokens != totalTokens || sum != totalTokens) {
            throw new IllegalStateException("count invariant broken after round " + round + ": documents hold " + tokens
                    + " tokens, word-topic tables " + sum + ", corpus " + totalTokens);
        }
        for (int w = 0; w < partials.length; w++) {
            for (int t = 0; t < columns.length; t++) {
                if ((long) partials[w][HEADER + t] != columns[t]) {
                    throw new IllegalStateException("count invariant broken after round " + round + ": worker " + w
                            + " has n_" + t + " = " + (long) partials[w][HEADER + t] + ", word-topic tables say " + columns[t]);
                }
            }
        }
    }
}

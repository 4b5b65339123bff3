package org.strads4j.apps.lda;

import java.io.Serializable;
import java.util.List;
import java.util.SplittableRandom;
import org.strads4j.api.AggregatePlugin;
import org.strads4j.api.Assignment;
import org.strads4j.api.Batch;
import org.strads4j.api.CoordinatorContext;
import org.strads4j.api.Evaluation;
import org.strads4j.api.EvaluatePlugin;
import org.strads4j.api.ParamStore;
import org.strads4j.api.PeerBarrier;
import org.strads4j.api.ScheduleContext;
import org.strads4j.api.SchedulePlugin;
import org.strads4j.api.UpdatePlugin;
import org.strads4j.api.WorkerContext;

/**
 * LDA under {@code --schedule data-parallel}: approximate distributed LDA (AD-LDA, Newman,
 * Asuncion, Smyth and Welling, JMLR 2009). Every worker keeps a copy of the whole word-topic
 * table and of n_k, and in each round (one sweep) samples all of its tokens against its copy
 * with the same SparseLDA sampler as the rotation. The topic changes it made
 * ({@code (block, word, old topic, new topic)} per token that moved, packed in a long:
 * {@link Change}) are the partial; the coordinator concatenates them in worker order and commits
 * them, and every worker applies the
 * other workers' changes to its copy, which makes all copies equal again: the exact table of the
 * round's assignments. Within a round a worker does not see the others' changes, which is what
 * AD-LDA approximates and the rotation avoids.
 *
 * <p>Round 1 starts from the initial tables: each worker stores the initial rows of its own
 * first blocks, and all read the whole table once every worker has (after a recovery, the
 * table the checkpointed evaluation stored).
 */
final class AdLda {
    private AdLda() {
    }

    /** Node-local name of a worker's copy of the word-topic table. */
    static final String ROWS = "lda.ad.rows";
    /** Message keys of the first round's wait for every worker's initial rows (apart from the rotation's). */
    private static final long READY = Long.MIN_VALUE / 2;

    /** Every worker sweeps all its tokens every round, for {@code iterations} rounds. */
    static final class Schedule implements SchedulePlugin {
        private static final long serialVersionUID = 1L;
        private final long iterations;

        Schedule(long iterations) {
            this.iterations = iterations;
        }

        @Override
        public Assignment next(ScheduleContext ctx) {
            return Assignment.shared(ctx.round() > iterations ? Batch.empty() : Batch.keys(0));
        }

        @Override
        public void observe(Batch commit, CoordinatorContext ctx) {
            // all tokens every round
        }
    }

    /** The worker's copy of the word-topic table, read from the parameter store on first use. */
    static int[][] rows(WorkerContext ctx, LdaShard shard, LdaHyperparameters hyper) {
        return ctx.local(ROWS, () -> {
            ParamStore<Object> params = ctx.params();
            int blocks = hyper.blocks();
            if (ctx.round() <= 1) {
                int perWorker = blocks / ctx.workers();
                for (int t = 0; t < perWorker; t++) {
                    int b = RotationSchedule.blockOf(ctx.worker(), t, blocks, ctx.workers());
                    params.put(LdaKeys.block(b), shard.initialRows(b));
                }
            }
            PeerBarrier.await(ctx, from -> READY + from);
            int[][] rows = LdaEvaluate.readBlocks(params, blocks);
            for (int b = 0; b < blocks; b++) {
                rows[b] = rows[b].clone();
            }
            return new Table(rows);
        }).rows;
    }

    /** Holds the copy (node-local values are checkpointed only through {@link GibbsUpdate#saveState}). */
    static final class Table implements Serializable {
        private static final long serialVersionUID = 1L;
        final int[][] rows;

        Table(int[][] rows) {
            this.rows = rows;
        }
    }

    static final class Update implements UpdatePlugin {
        private static final long serialVersionUID = 1L;
        private final LdaHyperparameters hyper;
        private final GibbsUpdate checkpoints;

        Update(LdaHyperparameters hyper) {
            this.hyper = hyper;
            this.checkpoints = new GibbsUpdate(hyper);
        }

        @Override
        public Batch update(Batch blocks, WorkerContext ctx) {
            WorkerState state = WorkerState.of(ctx, hyper);
            LdaShard shard = ctx.shard(LdaShard.class);
            int[][] rows = rows(ctx, shard, hyper);
            SplittableRandom random = new SplittableRandom(ctx.roundSeed());
            IntList changes = new IntList();
            for (int b = 0; b < hyper.blocks(); b++) {
                int[] z = state.topics[b];
                int[] before = z.clone();
                TokenBlock tokens = shard.tokens(b);
                state.sampler.sweep(b, tokens, z, state.docTopicCounts, state.topicTotals, rows[b],
                        shard.layout().rowStart(b), random);
                int[] words = tokens.words();
                for (int i = 0; i < z.length; i++) {
                    if (z[i] != before[i]) {
                        changes.add(b);
                        changes.add(words[i]);
                        changes.add(before[i]);
                        changes.add(z[i]);
                    }
                }
            }
            int m = changes.size() / 4;
            long[] keys = new long[m];
            for (int i = 0; i < m; i++) {
                keys[i] = Change.pack(changes.get(4 * i), changes.get(4 * i + 1), changes.get(4 * i + 2),
                        changes.get(4 * i + 3));
            }
            return Batch.keys(keys);
        }

        /** Applies the other workers' changes: the copy becomes the round's exact table. */
        @Override
        public void onCommit(Batch commit, WorkerContext ctx) {
            WorkerState state = WorkerState.of(ctx, hyper);
            LdaShard shard = ctx.shard(LdaShard.class);
            int[][] rows = rows(ctx, shard, hyper);
            TopicCountCodec codec = new TopicCountCodec(hyper.topics());
            long[] keys = commit.keys();
            int workers = ctx.workers();
            // keys 0..workers-1: each worker's number of changes, then the changes in worker order
            int mineFrom = workers;
            for (int w = 0; w < ctx.worker(); w++) {
                mineFrom += (int) keys[w];
            }
            int mineTo = mineFrom + (int) keys[ctx.worker()];
            for (int i = workers; i < keys.length; i++) {
                if (i >= mineFrom && i < mineTo) {
                    continue;   // already in this copy
                }
                long c = keys[i];
                int b = Change.block(c);
                int word = Change.word(c);
                int from = Change.from(c);
                int to = Change.to(c);
                int[] start = shard.layout().rowStart(b);
                codec.decrement(rows[b], start[word], start[word + 1], from);
                codec.increment(rows[b], start[word], start[word + 1], to);
                state.topicTotals[from]--;
                state.topicTotals[to]++;
            }
            state.sampler.topicsReplaced();
        }

        @Override
        public Serializable saveState(WorkerContext ctx) {
            return checkpoints.saveState(ctx);
        }

        @Override
        public void restoreState(WorkerContext ctx, Serializable saved) {
            checkpoints.restoreState(ctx, saved);
        }
    }

    /**
     * One token's move, packed in a long: block (10 bits), the word's index in its block (22 bits),
     * the old and the new topic (16 bits each). {@link LdaApp} refuses data-parallel jobs that do
     * not fit.
     */
    static final class Change {
        static final int MAX_BLOCKS = 1 << 10;
        static final int MAX_BLOCK_WORDS = 1 << 22;

        private Change() {
        }

        static long pack(int block, int word, int from, int to) {
            return ((long) block << 54) | ((long) word << 32) | ((long) from << 16) | to;
        }

        static int block(long c) {
            return (int) (c >>> 54);
        }

        static int word(long c) {
            return (int) ((c >>> 32) & (MAX_BLOCK_WORDS - 1));
        }

        static int from(long c) {
            return (int) ((c >>> 16) & 0xFFFF);
        }

        static int to(long c) {
            return (int) (c & 0xFFFF);
        }
    }

    /** Concatenates the workers' changes (in worker order, each tagged with its worker) and keeps n_k. */
    static final class Aggregate implements AggregatePlugin {
        private static final long serialVersionUID = 1L;

        @Override
        public Batch aggregate(Assignment assignment, List<Batch> partials, CoordinatorContext ctx) {
            long[] totals = ctx.state(LdaState.class).topicTotals;
            int workers = partials.size();
            int m = 0;
            for (Batch p : partials) {
                m += p.size();
            }
            long[] keys = new long[workers + m];
            int at = workers;
            for (int w = 0; w < workers; w++) {
                long[] changes = partials.get(w).keys();
                keys[w] = changes.length;
                System.arraycopy(changes, 0, keys, at, changes.length);
                at += changes.length;
                for (long c : changes) {
                    totals[Change.from(c)]--;
                    totals[Change.to(c)]++;
                }
            }
            return Batch.keys(keys);
        }
    }

    /**
     * The evaluation of {@link LdaEvaluate} from the workers' copies: worker 0 stores the whole
     * table (every copy is the same once the round's changes are applied) for the coordinator's
     * word side, the results and checkpoints; each worker reports its documents' side as the
     * rotation's workers do.
     */
    static final class Evaluate implements EvaluatePlugin {
        private static final long serialVersionUID = 1L;
        private final LdaHyperparameters hyper;
        private final LdaEvaluate shared;

        Evaluate(LdaHyperparameters hyper, LdaEvaluate shared) {
            this.hyper = hyper;
            this.shared = shared;
        }

        @Override
        public double[] partial(WorkerContext ctx) {
            WorkerState state = WorkerState.of(ctx, hyper);
            LdaShard shard = ctx.shard(LdaShard.class);
            int[][] rows = rows(ctx, shard, hyper);
            ParamStore<Object> params = ctx.params();
            if (ctx.worker() == 0) {
                java.util.Map<Long, Object> blocks = new java.util.LinkedHashMap<>();
                for (int b = 0; b < rows.length; b++) {
                    blocks.put(LdaKeys.block(b), rows[b]);   // the store keeps its own copy
                }
                params.putAll(blocks);
            }
            return shared.partial(ctx, state, shard, rows);
        }

        @Override
        public Evaluation combine(long round, double[][] partials, CoordinatorContext ctx) {
            return shared.combine(round, partials, ctx);
        }
    }
}

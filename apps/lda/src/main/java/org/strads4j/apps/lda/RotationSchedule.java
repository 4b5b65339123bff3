package org.strads4j.apps.lda;

import org.strads4j.api.Assignment;
import org.strads4j.api.Batch;
import org.strads4j.api.CoordinatorContext;
import org.strads4j.api.ScheduleContext;
import org.strads4j.api.SchedulePlugin;

/**
 * The STRADS LDA schedule: in sub-round t of an iteration, worker w samples vocabulary block
 * {@code (w + t) mod B}. Every sub-round is a permutation of the blocks, so no two workers ever
 * sample the same word at once, and after B sub-rounds every worker has seen every block: one
 * full Gibbs sweep over the corpus.
 *
 * <pre>
 * B = 3      worker 0  worker 1  worker 2
 * round 1    block 0   block 1   block 2
 * round 2    block 1   block 2   block 0
 * round 3    block 2   block 0   block 1     (iteration 1 done)
 * </pre>
 */
public final class RotationSchedule implements SchedulePlugin {
    private static final long serialVersionUID = 1L;
    private final int blocks;
    private final long rounds;

    /** Rotates {@code blocks} blocks for {@code iterations} iterations (B rounds each). */
    public RotationSchedule(int blocks, long iterations) {
        this.blocks = blocks;
        this.rounds = iterations * blocks;
    }

    /** The block worker {@code w} samples in round {@code round} (from 1). */
    public static int blockOf(int worker, long round, int blocks) {
        return (int) ((worker + (round - 1)) % blocks);
    }

    @Override
    public Assignment next(ScheduleContext ctx) {
        if (ctx.round() > rounds) {
            return Assignment.perWorker(emptyBatches(ctx.workers()));
        }
        Batch[] perWorker = new Batch[ctx.workers()];
        for (int w = 0; w < perWorker.length; w++) {
            perWorker[w] = Batch.keys(blockOf(w, ctx.round(), blocks));
        }
        return Assignment.perWorker(perWorker);
    }

    private static Batch[] emptyBatches(int workers) {
        Batch[] b = new Batch[workers];
        java.util.Arrays.fill(b, Batch.empty());
        return b;
    }

    @Override
    public void observe(Batch commit, CoordinatorContext ctx) {
        // the rotation is fixed: no priorities to update
    }
}

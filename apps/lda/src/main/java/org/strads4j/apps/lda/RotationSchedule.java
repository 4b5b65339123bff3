package org.strads4j.apps.lda;

import org.strads4j.api.Assignment;
import org.strads4j.api.Batch;
import org.strads4j.api.CoordinatorContext;
import org.strads4j.api.ScheduleContext;
import org.strads4j.api.SchedulePlugin;

/**
 * The STRADS LDA schedule, pipelined: the vocabulary is cut into {@code B = c * W} blocks for W
 * workers, and one round is one iteration (a full Gibbs sweep). In step t of a round worker w
 * samples block {@code (w c + t) mod B}, so in every step the workers' blocks are distinct, and
 * after B steps every worker has seen every block.
 *
 * <pre>
 * W = 2, c = 2, B = 4   step 0   step 1   step 2   step 3
 * worker 0              block 0  block 1  block 2  block 3
 * worker 1              block 2  block 3  block 0  block 1
 * </pre>
 *
 * There is no barrier between steps: a worker hands each block, once sampled, straight to the
 * worker that samples it next ({@code w - 1}, c steps later; see {@link GibbsUpdate}), and waits
 * only for the block it needs. With c at least 2 a block has c - 1 steps to arrive while the
 * worker samples others, so the hand-over overlaps the sampling; a round's only barrier is its
 * end, where the topic totals are synchronised.
 */
public final class RotationSchedule implements SchedulePlugin {
    private static final long serialVersionUID = 2L;
    private final int blocks;
    private final int workers;
    private final long rounds;

    /** Rotates {@code blocks} blocks (a multiple of {@code workers}) for {@code iterations} rounds. */
    public RotationSchedule(int blocks, int workers, long iterations) {
        if (workers < 1 || blocks < workers || blocks % workers != 0) {
            throw new IllegalArgumentException("Invalid rotation: " + blocks + " blocks over " + workers + " workers");
        }
        this.blocks = blocks;
        this.workers = workers;
        this.rounds = iterations;
    }

    /** The block worker {@code w} samples in step {@code t} (from 0) of a round. */
    public static int blockOf(int worker, int step, int blocks, int workers) {
        return (worker * (blocks / workers) + step) % blocks;
    }

    /** Worker {@code w}'s blocks of a round, in the order it samples them. */
    static long[] sequence(int worker, int blocks, int workers) {
        long[] keys = new long[blocks];
        for (int t = 0; t < blocks; t++) {
            keys[t] = blockOf(worker, t, blocks, workers);
        }
        return keys;
    }

    @Override
    public Assignment next(ScheduleContext ctx) {
        Batch[] perWorker = new Batch[ctx.workers()];
        for (int w = 0; w < perWorker.length; w++) {
            perWorker[w] = ctx.round() > rounds ? Batch.empty() : Batch.keys(sequence(w, blocks, workers));
        }
        return Assignment.perWorker(perWorker);
    }

    @Override
    public void observe(Batch commit, CoordinatorContext ctx) {
        // the rotation is fixed: no priorities to update
    }
}

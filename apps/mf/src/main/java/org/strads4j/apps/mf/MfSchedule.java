package org.strads4j.apps.mf;

import org.strads4j.api.Assignment;
import org.strads4j.api.Batch;
import org.strads4j.api.CoordinatorContext;
import org.strads4j.api.ScheduleContext;
import org.strads4j.api.SchedulePlugin;

/**
 * The CCD++ order as a model-parallel schedule: features {@code t = 0..k-1} in turn, and for each
 * {@code inner} alternations of a W round ({@code u_t}, every worker on its row block) and an H
 * round ({@code v_t}, every worker on its column block). Round {@code r} (from 1) of an outer
 * iteration of {@code 2 k inner} rounds:
 * <pre>
 *   s = (r - 1) mod (2 k inner);  t = s / (2 inner);  side = s mod 2  (0 = W, 1 = H)
 * </pre>
 * Within a round the workers' blocks are disjoint, so the round is interference-free: CCD++'s
 * rank-one subproblem separates over the rows of u_t (and the columns of v_t).
 */
final class MfSchedule implements SchedulePlugin {
    private static final long serialVersionUID = 1L;
    private final int rank;
    private final int inner;

    MfSchedule(int rank, int inner) {
        this.rank = rank;
        this.inner = inner;
    }

    /** Side of round {@code round} (from 1). */
    int side(long round) {
        return (int) ((round - 1) % (2L * rank * inner) % 2);
    }

    /** Feature of round {@code round} (from 1). */
    int feature(long round) {
        return (int) ((round - 1) % (2L * rank * inner) / (2L * inner));
    }

    @Override
    public Assignment next(ScheduleContext ctx) {
        int side = side(ctx.round());
        int t = feature(ctx.round());
        Batch[] blocks = new Batch[ctx.workers()];
        for (int w = 0; w < blocks.length; w++) {
            blocks[w] = Batch.keys(FactorKeys.block(side, t, w));
        }
        return Assignment.perWorker(blocks);
    }

    @Override
    public void observe(Batch commit, CoordinatorContext ctx) {
        // a fixed cyclic order: CCD++ visits every feature in turn
    }
}

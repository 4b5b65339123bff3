package org.strads4j.api;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * What one round dispatches: a {@link Batch} of blocks for every worker.
 *
 * <p>Two shapes cover the STRADS programs: {@link #shared(Batch)}, where every worker computes
 * partial results for the same blocks on its own rows (Lasso), and {@link #perWorker(Batch[])},
 * where each worker gets its own disjoint blocks (MF row blocks, LDA vocabulary rotation). A third,
 * {@link #onCoordinator(Batch)}, is a round the coordinator computes alone from what it already
 * knows.
 */
public final class Assignment implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Batch shared;
    private final Batch[] perWorker;
    private final boolean onCoordinator;

    private Assignment(Batch shared, Batch[] perWorker, boolean onCoordinator) {
        this.shared = shared;
        this.perWorker = perWorker;
        this.onCoordinator = onCoordinator;
    }

    /** Every worker gets the same blocks. */
    public static Assignment shared(Batch blocks) {
        return new Assignment(Objects.requireNonNull(blocks, "blocks"), null, false);
    }

    /**
     * A round of {@code blocks} that needs nothing from the workers, because the coordinator already
     * knows what their partials would say (Lasso's working-set round right after an evaluation,
     * whose gradient the evaluation just summed). Nothing is dispatched: the aggregate gets an empty
     * list of partials, and the round's commit reaches the workers with the next dispatch or
     * evaluation, as every commit does. It saves a round trip to every worker. It is a shared
     * assignment ({@link #shared()} returns {@code blocks}).
     */
    public static Assignment onCoordinator(Batch blocks) {
        return new Assignment(Objects.requireNonNull(blocks, "blocks"), null, true);
    }

    /** Worker {@code w} gets {@code blocks[w]}; the array is copied. */
    public static Assignment perWorker(Batch[] blocks) {
        Batch[] copy = blocks.clone();
        for (int w = 0; w < copy.length; w++) {
            Objects.requireNonNull(copy[w], "blocks[" + w + "]");
        }
        return new Assignment(null, copy, false);
    }

    /** True when every worker gets the same batch (also for {@link #onCoordinator} rounds). */
    public boolean isShared() {
        return shared != null;
    }

    /** True for a round the coordinator computes alone ({@link #onCoordinator(Batch)}). */
    public boolean isOnCoordinator() {
        return onCoordinator;
    }

    /** The batch of worker {@code w}. */
    public Batch forWorker(int w) {
        return shared != null ? shared : perWorker[w];
    }

    /** The shared batch; only for {@link #isShared()} assignments. */
    public Batch shared() {
        if (shared == null) {
            throw new IllegalStateException("not a shared assignment");
        }
        return shared;
    }

    /** Number of distinct blocks scheduled: the shared batch's size, or the sum over workers. */
    public long blockCount() {
        if (shared != null) {
            return shared.size();
        }
        long n = 0;
        for (Batch b : perWorker) {
            n += b.size();
        }
        return n;
    }

    /** True when no worker has any block. */
    public boolean isEmpty() {
        return blockCount() == 0;
    }

    @Override
    public String toString() {
        return onCoordinator ? "Assignment[on the coordinator " + shared + "]"
                : shared != null ? "Assignment[shared " + shared + "]"
                : "Assignment[perWorker " + Arrays.toString(perWorker) + "]";
    }
}

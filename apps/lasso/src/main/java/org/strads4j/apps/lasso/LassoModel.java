package org.strads4j.apps.lasso;

import java.util.ArrayDeque;

/**
 * The coordinator's view of the coefficients: the aggregate is their only writer, and it writes
 * every change through to the job's {@link org.strads4j.api.ParamStore} (the Ignite cache from
 * which the results are read back). This mirror lets the aggregate and the evaluation read
 * {@code b} without a cache round trip per coordinate.
 *
 * <p>It also keeps the last few commits and, per planned round, how many commits its dispatch
 * carried: with pipelining (staleness above 0) the workers' partial {@code x_j^T r} of a round
 * miss the commits made while it was in flight, and the aggregate corrects them exactly with
 * {@code x_j^T x_k * delta_k} for each missed change.
 */
final class LassoModel implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final int KEEP = 64;
    final double[] b;
    /** The L1 weight now (it steps down along a path). */
    double lambda;
    final int n;
    private long commits;
    private final ArrayDeque<long[]> recentKeys = new ArrayDeque<>();
    private final ArrayDeque<double[]> recentDeltas = new ArrayDeque<>();
    private final ArrayDeque<Long> plannedAt = new ArrayDeque<>();

    LassoModel(int p, int n, double lambda) {
        this.b = new double[p];
        this.n = n;
        this.lambda = lambda;
    }

    double l1() {
        double s = 0;
        for (double v : b) {
            s += Math.abs(v);
        }
        return s;
    }

    int nnz() {
        int c = 0;
        for (double v : b) {
            if (v != 0) {
                c++;
            }
        }
        return c;
    }

    /** A round is being planned; its dispatch carries every commit made so far. */
    void planned() {
        plannedAt.addLast(commits);
    }

    /** How many commits the oldest round in flight saw (rounds are aggregated in dispatch order). */
    long seenByNextAggregated() {
        Long seen = plannedAt.pollFirst();
        return seen == null ? commits : seen;
    }

    /** Records a commit's changed coordinates and deltas. */
    void committed(long[] keys, double[] deltas) {
        commits++;
        recentKeys.addLast(keys);
        recentDeltas.addLast(deltas);
        if (recentKeys.size() > KEEP) {
            recentKeys.pollFirst();
            recentDeltas.pollFirst();
        }
    }

    long commits() {
        return commits;
    }

    /**
     * Adds to {@code grad[i]} (a worker-summed {@code x_{keys[i]}^T r}) the effect of the commits
     * after the first {@code seen}: {@code - sum_k x_j^T x_k delta_k}.
     */
    void correct(long seen, long[] keys, double[] grad, LassoData data) {
        long missed = commits - seen;
        if (missed <= 0) {
            return;
        }
        if (missed > recentKeys.size()) {
            throw new IllegalStateException("a round missed " + missed + " commits; only " + recentKeys.size()
                    + " are kept (staleness too large)");
        }
        var ki = recentKeys.descendingIterator();
        var di = recentDeltas.descendingIterator();
        for (long m = 0; m < missed; m++) {
            long[] ck = ki.next();
            double[] cd = di.next();
            for (int c = 0; c < ck.length; c++) {
                int k = (int) ck[c];
                for (int i = 0; i < keys.length; i++) {
                    grad[i] -= data.dot((int) keys[i], k) * cd[c];
                }
            }
        }
    }
}

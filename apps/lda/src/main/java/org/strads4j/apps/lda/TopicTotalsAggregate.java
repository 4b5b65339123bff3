package org.strads4j.apps.lda;

import java.util.List;
import org.strads4j.api.Assignment;
import org.strads4j.api.AggregatePlugin;
import org.strads4j.api.Batch;
import org.strads4j.api.CoordinatorContext;

/**
 * Synchronises the topic totals between sub-rounds: adds the workers' n_k deltas (in worker
 * order) to the global n_k and commits the new totals, which every worker adopts before its next
 * sweep (STRADS keeps n_k replicated and refreshes it between sub-rounds). The totals live in the
 * job's {@link LdaState}. The word-topic tables
 * need no aggregation: each block had exactly one writer.
 */
public final class TopicTotalsAggregate implements AggregatePlugin {
    private static final long serialVersionUID = 1L;

    /** Keys 0..K-1. */
    static long[] topicKeys(int topics) {
        long[] keys = new long[topics];
        for (int k = 0; k < topics; k++) {
            keys[k] = k;
        }
        return keys;
    }

    @Override
    public Batch aggregate(Assignment assignment, List<Batch> partials, CoordinatorContext ctx) {
        long[] totals = ctx.state(LdaState.class).topicTotals;
        for (Batch p : partials) {
            double[] delta = p.values();
            for (int k = 0; k < totals.length; k++) {
                totals[k] += (long) delta[k];
            }
        }
        double[] values = new double[totals.length];
        for (int k = 0; k < totals.length; k++) {
            if (totals[k] < 0) {
                throw new IllegalStateException("topic total n_" + k + " = " + totals[k] + " < 0 after aggregation");
            }
            values[k] = totals[k];
        }
        return Batch.of(topicKeys(totals.length), values, 1);
    }
}

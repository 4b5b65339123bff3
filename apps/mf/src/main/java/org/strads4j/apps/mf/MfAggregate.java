package org.strads4j.apps.mf;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.strads4j.api.AggregatePlugin;
import org.strads4j.api.Assignment;
import org.strads4j.api.Batch;
import org.strads4j.api.CoordinatorContext;
import org.strads4j.api.ParamStore;

/**
 * Joins the workers' blocks of the updated factor column (contiguous, in worker order) into the
 * whole column, writes it to the parameter store under its column key and commits it. On the first
 * round it also stores the initial columns ({@code W = 0}, {@code H = h0}), so the store always
 * holds the whole model.
 */
final class MfAggregate implements AggregatePlugin {
    private static final long serialVersionUID = 1L;
    private final int rank;
    private final int users;
    private final int items;

    MfAggregate(int rank, int users, int items) {
        this.rank = rank;
        this.users = users;
        this.items = items;
    }

    @Override
    public Batch aggregate(Assignment assignment, List<Batch> partials, CoordinatorContext ctx) {
        ParamStore<double[]> store = ctx.params();
        MfCoordinatorState st = ctx.state(MfCoordinatorState.class);
        if (!st.initialised) {
            store.putAll(initialColumns(st.h0));
            st.initialised = true;
        }
        long column = FactorKeys.columnOf(partials.get(0).key(0));
        int n = FactorKeys.side(column) == FactorKeys.W ? users : items;
        double[] values = new double[n];
        int at = 0;
        for (int w = 0; w < partials.size(); w++) {
            Batch p = partials.get(w);
            if (p.size() != 1 || FactorKeys.columnOf(p.key(0)) != column) {
                throw new IllegalStateException("worker " + w + " returned " + p + " for column " + column);
            }
            System.arraycopy(p.values(), 0, values, at, p.width());
            at += p.width();
        }
        if (at != n) {
            throw new IllegalStateException("column " + column + ": workers returned " + at + " of " + n + " values");
        }
        store.put(column, values);
        return Batch.of(new long[] {column}, values, n);
    }

    private Map<Long, double[]> initialColumns(double[] h0) {
        Map<Long, double[]> cols = new HashMap<>();
        for (int t = 0; t < rank; t++) {
            cols.put(FactorKeys.column(FactorKeys.W, t), new double[users]);
            double[] h = new double[items];
            System.arraycopy(h0, t * items, h, 0, items);
            cols.put(FactorKeys.column(FactorKeys.H, t), h);
        }
        return cols;
    }
}

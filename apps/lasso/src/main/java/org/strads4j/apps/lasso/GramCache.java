package org.strads4j.apps.lasso;

import java.util.Arrays;

/**
 * The Gram block {@code X_W^T X_W / n} of the last working set, kept so that the next set's block
 * is computed only for the columns that are new in it: along a path, and while a working set
 * grows, a set changes by a few columns at a time (glmnet keeps the inner products of its active
 * columns for the same reason). Building every block afresh took 60% of the coordinator's time on
 * a 20-value finefoods path.
 *
 * <p>Entries of columns in both sets are copied; a new column's row and column come from
 * {@link LassoData#gramColumn}; a set with more than half its columns new is built afresh with
 * {@link LassoData#gram}. Coordinator scratch: never checkpointed, rebuilt where it runs.
 */
final class GramCache {
    private int[] set = new int[0];
    private double[] block = new double[0];
    /** Coordinate to its place in {@link #set}, -1 elsewhere (all -1 between calls). */
    private int[] place;
    /** An all-zero row accumulator between calls. */
    private double[] dense;
    private long fresh;
    private long reused;

    /** Fills {@code out[0..m*m)} with the Gram block of {@code w[0..m)} over n. */
    void gram(LassoData data, int[] w, int m, double[] out) {
        if (place == null) {
            place = new int[data.columns()];
            Arrays.fill(place, -1);
            dense = new double[data.rows()];
        }
        int om = set.length;
        for (int a = 0; a < om; a++) {
            place[set[a]] = a;
        }
        int[] old = new int[m];
        int added = 0;
        for (int a = 0; a < m; a++) {
            old[a] = place[w[a]];
            if (old[a] < 0) {
                added++;
            }
        }
        for (int a = 0; a < om; a++) {
            place[set[a]] = -1;
        }
        if (2 * added > m) {
            data.gram(w, m, out);
            fresh += m;
        } else {
            for (int a = 0; a < m; a++) {
                if (old[a] < 0) {
                    continue;
                }
                int from = old[a] * om;
                for (int c = 0; c < m; c++) {
                    if (old[c] >= 0) {
                        out[a * m + c] = block[from + old[c]];
                    }
                }
            }
            for (int a = 0; a < m; a++) {
                if (old[a] < 0) {
                    data.gramColumn(w, m, a, 0, dense, out);
                }
            }
            fresh += added;
            reused += m - added;
        }
        set = Arrays.copyOf(w, m);
        if (block.length < m * m) {
            block = new double[m * m];
        }
        System.arraycopy(out, 0, block, 0, m * m);
    }

    /** Columns whose Gram entries were computed, and columns whose entries came from the last set. */
    long[] counts() {
        return new long[] {fresh, reused};
    }
}

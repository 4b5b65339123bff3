package org.strads4j.apps.mf;

/**
 * A worker's node-local MF state: full copies of both factor matrices (feature-major, so a CCD++
 * round touches one contiguous column) and the residuals of its row block and of its column block.
 * While feature {@link #open} is being solved the residuals hold {@code R^ = A - sum_(s != open)
 * u_s v_s^T} (CCD++'s residual with that feature added back); with {@code open = -1} they hold
 * {@code R = A - W H^T}. Starts at {@code W = 0}, {@code H = h0}, {@code open = -1}, so the
 * residuals start as the ratings.
 */
final class MfState implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** User factors, {@code w[t * users + i]}. */
    final double[] w;
    /** Item factors, {@code h[t * items + j]}. */
    final double[] h;
    /** Residual of each row-block entry (CSR order of the shard). */
    final double[] rowResid;
    /** Residual of each column-block entry (CSC order of the shard). */
    final double[] colResid;
    final int users;
    final int items;
    /** The feature whose rank-one term the residuals leave out, or -1. */
    int open = -1;

    MfState(MfShard s, int rank) {
        this.users = s.users();
        this.items = s.items();
        this.w = new double[rank * users];
        this.h = s.h0().clone();
        this.rowResid = s.rowValue().clone();
        this.colResid = s.colValue().clone();
    }

    /** Feature {@code t} of {@code side} as a fresh array. */
    double[] column(int side, int t) {
        int n = side == FactorKeys.W ? users : items;
        double[] out = new double[n];
        System.arraycopy(side == FactorKeys.W ? w : h, t * n, out, 0, n);
        return out;
    }
}

package org.strads4j.apps.mf;

/**
 * A worker's node-local MF state: full copies of both factor matrices (feature-major, so a CCD++
 * round touches one contiguous column) and the feature that is open. The residuals of its row
 * block and of its column block live in its {@link MfKernel} (on the heap or on a GPU): while
 * feature {@link #open} is being solved they hold {@code R^ = A - sum_(s != open) u_s v_s^T}
 * (CCD++'s residual with that feature added back); with {@code open = -1} they hold
 * {@code R = A - W H^T}. Starts at {@code W = 0}, {@code H = h0}, {@code open = -1}, so the
 * residuals start as the ratings.
 *
 * <p>A checkpoint ({@link MfUpdate#saveState}) is a copy of this state that carries the kernel's
 * residuals in {@link #rowResid} and {@link #colResid}; the kernel made after a restore takes them
 * from there and sets them back to null.
 */
final class MfState implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** User factors, {@code w[t * users + i]}. */
    final double[] w;
    /** Item factors, {@code h[t * items + j]}. */
    final double[] h;
    /** In a checkpoint: the residual of each row-block entry (CSR order of the shard); else null. */
    double[] rowResid;
    /** In a checkpoint: the residual of each column-block entry (CSC order of the shard); else null. */
    double[] colResid;
    final int users;
    final int items;
    /** The feature whose rank-one term the residuals leave out, or -1. */
    int open = -1;

    MfState(MfShard s, int rank) {
        this.users = s.users();
        this.items = s.items();
        this.w = new double[rank * users];
        this.h = s.h0().clone();
    }

    private MfState(MfState st, double[] rowResid, double[] colResid) {
        this.w = st.w;
        this.h = st.h;
        this.users = st.users;
        this.items = st.items;
        this.open = st.open;
        this.rowResid = rowResid;
        this.colResid = colResid;
    }

    /** This state (sharing its factor arrays: serialise it at once) with the residuals for a checkpoint. */
    MfState withResiduals(double[] row, double[] col) {
        return new MfState(this, row, col);
    }

    /** Feature {@code t} of {@code side} as a fresh array. */
    double[] column(int side, int t) {
        int n = side == FactorKeys.W ? users : items;
        double[] out = new double[n];
        System.arraycopy(side == FactorKeys.W ? w : h, t * n, out, 0, n);
        return out;
    }
}

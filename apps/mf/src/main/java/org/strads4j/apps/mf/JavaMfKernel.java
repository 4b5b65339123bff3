package org.strads4j.apps.mf;

/**
 * The plain-Java MF kernel: {@link CcdKernel}'s loops over the shard's CSR and CSC blocks and the
 * two residual copies on the heap. The reference the CUDA kernel is tested against.
 */
final class JavaMfKernel implements MfKernel {
    private final MfShard s;
    private double[] rowResid;
    private double[] colResid;

    /** Takes over {@code row} and {@code col} (the residuals of the shard's row and column blocks). */
    JavaMfKernel(MfShard s, double[] row, double[] col) {
        check(s, row, col);
        this.s = s;
        this.rowResid = row;
        this.colResid = col;
    }

    static void check(MfShard s, double[] row, double[] col) {
        if (row.length != s.rowItem().length || col.length != s.colUser().length) {
            throw new IllegalArgumentException("residuals of " + row.length + " and " + col.length + " entries for a"
                    + " shard of " + s.rowItem().length + " and " + s.colUser().length);
        }
    }

    @Override
    public void addOuter(double[] u, double[] v) {
        CcdKernel.addOuter(s.rowPtr(), s.rowItem(), rowResid, s.userFrom(), u, v);
        CcdKernel.addOuter(s.colPtr(), s.colUser(), colResid, s.itemFrom(), v, u);
    }

    @Override
    public void subtractOuter(double[] u, double[] v) {
        CcdKernel.subtractOuter(s.rowPtr(), s.rowItem(), rowResid, s.userFrom(), u, v);
        CcdKernel.subtractOuter(s.colPtr(), s.colUser(), colResid, s.itemFrom(), v, u);
    }

    @Override
    public void solve(int side, double[] other, double lambda, Regularizer reg, double[] out) {
        if (side == FactorKeys.W) {
            CcdKernel.solve(s.rowPtr(), s.rowItem(), rowResid, other, lambda, reg, out);
        } else {
            CcdKernel.solve(s.colPtr(), s.colUser(), colResid, other, lambda, reg, out);
        }
    }

    @Override
    public double[] rowResidual() {
        return rowResid.clone();
    }

    @Override
    public double[] colResidual() {
        return colResid.clone();
    }

    @Override
    public void residuals(double[] row, double[] col) {
        check(s, row, col);
        rowResid = row.clone();
        colResid = col.clone();
    }

    @Override
    public String describe() {
        return "cpu (plain Java)";
    }

    @Override
    public void close() {
        // heap only
    }
}

package org.strads4j.apps.lasso;

/**
 * The coordinator's view of the coefficients: the aggregate is their only writer, and it writes
 * every change through to the job's {@link org.strads4j.api.ParamStore} (the Ignite cache from
 * which the results are read back). This mirror lets the aggregate and the evaluation read
 * {@code b} without a cache round trip per coordinate.
 */
final class LassoModel {
    final double[] b;
    final double lambda;
    final int n;

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
}

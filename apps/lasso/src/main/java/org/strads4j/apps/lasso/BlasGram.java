package org.strads4j.apps.lasso;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The working-set Gram block {@code X_W^T X_W / n} on CPU BLAS through ND4J: the set's columns
 * scattered once into a dense column-major {@code n x m} block, then one gemm. It pays where the
 * columns are dense and the set is large ({@code bin/strads bench kernels --data ... --gram M});
 * {@link LassoData#gram} (from the rows, {@code sum_i nnz_W(row i)^2}) stays the reference and the
 * choice for sparse sets.
 */
final class BlasGram {
    /** The least set size for which the BLAS Gram block is chosen on dense columns (measured). */
    static final int MIN_SET = 200;

    private static volatile Boolean loads;
    private static final java.util.concurrent.atomic.AtomicLong CALLS = new java.util.concurrent.atomic.AtomicLong();

    private BlasGram() {
    }

    /** How many Gram blocks this JVM computed here (the tests check that the path is taken). */
    static long calls() {
        return CALLS.get();
    }

    /** Whether ND4J's native BLAS loads in this JVM (tried once; never throws). */
    static boolean loads() {
        Boolean l = loads;
        if (l == null) {
            try {
                Nd4j.create(new double[] {1}, new long[] {1, 1}, 'f').close();
                l = true;
            } catch (LinkageError | RuntimeException e) {
                l = false;
            }
            loads = l;
        }
        return l;
    }

    /** Same contract as {@link LassoData#gram}: {@code out[a * m + c] = x_{w[a]}^T x_{w[c]} / n}. */
    static void gram(LassoData data, int[] w, int m, double[] out) {
        CALLS.incrementAndGet();
        int n = data.rows();
        double[] dense = new double[Math.multiplyExact(n, m)];
        for (int a = 0; a < m; a++) {
            data.scatterColumn(w[a], dense, a * n);
        }
        try (INDArray xw = Nd4j.create(dense, new long[] {n, m}, 'f');
             INDArray g = xw.transpose().mmul(xw)) {
            double[] flat = g.dup('c').data().asDouble();
            for (int i = 0; i < m * m; i++) {
                out[i] = flat[i] / n;
            }
        }
    }
}

package org.strads4j.apps.lasso;

import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.strads4j.api.Batch;

/**
 * The Lasso kernel with CPU BLAS through ND4J (OpenBLAS) where BLAS measured faster: the shard is
 * also held as a dense column-major {@code n x p} matrix off the heap, and a round that asks for at
 * least a quarter of the columns, and every evaluation's {@code X^T r}, is one gemv over it. Small
 * rounds and every residual update run the plain-Java loops of {@link JavaLassoKernel} on the same
 * heap residual: a gather of a few dense columns and a gemv cost more than the loops at every size
 * measured ({@code bin/strads bench kernels}; README, Kernels).
 *
 * <p>Only for dense shards ({@link #whyNot}): a sparse shard made dense would cost {@code n p}
 * doubles where its nonzeros cost far less. BLAS sums in its own order, so results agree with
 * {@link JavaLassoKernel} to rounding, not bit for bit.
 */
final class Nd4jLassoKernel implements LassoKernel {
    /** The least fraction of nonzeros for which a shard is held dense. */
    static final double MIN_DENSITY = 0.25;
    /** The most doubles a dense shard may take (2^28 = 2 GiB). */
    static final long MAX_CELLS = 1L << 28;
    /** A round asking for at least 1/FULL_SHARE of the columns multiplies by all of them. */
    static final int FULL_SHARE = 4;
    /** Under {@code auto}, the least rows and cells for which BLAS pays (measured: see the README). */
    static final int AUTO_MIN_ROWS = 1_000;
    static final long AUTO_MIN_CELLS = 1_000_000;

    private final JavaLassoKernel java;
    private final int rows;
    private final int p;
    private final INDArray x;

    Nd4jLassoKernel(LassoShard s, double[] residual) {
        String why = whyNot(s);
        if (why != null) {
            throw new IllegalArgumentException("The BLAS kernel cannot hold this shard: " + why);
        }
        this.java = new JavaLassoKernel(s, residual);
        this.rows = s.rows();
        this.p = s.columns();
        double[] dense = new double[Math.multiplyExact(rows, p)];
        int[] ptr = s.colPtr();
        int[] idx = s.rowIdx();
        double[] v = s.vals();
        for (int j = 0; j < p; j++) {
            int base = j * rows;
            for (int k = ptr[j]; k < ptr[j + 1]; k++) {
                dense[base + idx[k]] = v[k];
            }
        }
        this.x = Nd4j.create(dense, new long[] {rows, p}, 'f');
    }

    /** Why a shard cannot be held dense, or null when it can. */
    static String whyNot(LassoShard s) {
        long cells = (long) s.rows() * s.columns();
        if (cells > MAX_CELLS) {
            return s.rows() + " x " + s.columns() + " doubles exceed the dense limit of " + MAX_CELLS;
        }
        if (cells == 0 || s.vals().length < MIN_DENSITY * cells) {
            return String.format(Locale.ROOT, "%.1f%% of its %d x %d cells are nonzero (at least %.0f%% needed)",
                    cells == 0 ? 0.0 : 100.0 * s.vals().length / cells, s.rows(), s.columns(), 100 * MIN_DENSITY);
        }
        return null;
    }

    /** Whether {@code auto} takes this kernel for {@code s}: dense, and large enough to pay. */
    static boolean pays(LassoShard s) {
        return whyNot(s) == null && s.rows() >= AUTO_MIN_ROWS && (long) s.rows() * s.columns() >= AUTO_MIN_CELLS;
    }

    /** {@code X^T r} over the whole shard, one gemv. */
    private double[] allDots() {
        try (INDArray r = Nd4j.create(java.liveResidual(), new long[] {rows, 1}, 'f');
             INDArray g = x.transpose().mmul(r)) {
            return g.toDoubleVector();
        }
    }

    @Override
    public void dots(long[] keys, double[] out) {
        if ((long) keys.length * FULL_SHARE < p) {
            java.dots(keys, out);
            return;
        }
        double[] all = allDots();
        for (int i = 0; i < keys.length; i++) {
            out[i] = all[(int) keys[i]];
        }
    }

    @Override
    public void apply(Batch commit) {
        java.apply(commit);
    }

    @Override
    public double[] partial() {
        double[] out = java.residualSums();
        if (p > 0) {
            System.arraycopy(allDots(), 0, out, 2, p);
        }
        return out;
    }

    @Override
    public double[] residual() {
        return java.residual();
    }

    @Override
    public void residual(double[] restored) {
        java.residual(restored);
    }

    @Override
    public String describe() {
        return "cpu (ND4J OpenBLAS gemv for X^T r over a dense " + rows + " x " + p + " shard; plain Java for small rounds)";
    }

    @Override
    public void close() {
        x.close();
        java.close();
    }
}

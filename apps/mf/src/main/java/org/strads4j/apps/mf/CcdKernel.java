package org.strads4j.apps.mf;

/**
 * The hot loops of CCD++ (Yu, Hsieh, Si and Dhillon, "Scalable Coordinate Descent Approaches to
 * Parallel Matrix Factorization for Recommender Systems", ICDM 2012), over one block of a
 * compressed (CSR or CSC) ratings matrix whose entries hold a residual.
 *
 * <p>For feature {@code t}, with {@code u = W[:,t]} and {@code v = H[:,t]}, CCD++ works on
 * {@code R^ = R + u v^T} (the residual with feature t added back; {@link #addOuter}), solves the
 * rank-one subproblem by alternating exact coordinate minimisers (eq. (8) of the paper,
 * {@link #solve})
 * <pre>
 *   u_i = sum_j R^_ij v_j / (lambda c_i + sum_j v_j^2)
 * </pre>
 * where {@code c_i} is 1 ({@code plain}) or row {@code i}'s rating count ({@code weighted}) and a
 * row with no ratings gets 0, and then takes the feature out again: {@code R = R^ - u v^T}
 * ({@link #subtractOuter}). Every residual update is {@code r_ij -/+= u_i * v_j} (IEEE products
 * commute exactly), so a row-block copy and a column-block copy of the same entries stay
 * bit-identical whichever way they are traversed.
 */
final class CcdKernel {
    private CcdKernel() {
    }

    /**
     * New values of this side's feature for the block's rows {@code r = 0..ptr.length-2}.
     *
     * @param ptr    row offsets of the block
     * @param idx    other-side index of each entry
     * @param rhat   residual with the feature added back, of each entry
     * @param other  the other side's feature column (full length)
     * @param lambda regularisation weight
     * @param reg    the regulariser (row weight {@code c_i})
     * @param out    the new values, length {@code ptr.length - 1}
     */
    static void solve(int[] ptr, int[] idx, double[] rhat, double[] other, double lambda, Regularizer reg,
                      double[] out) {
        int rows = ptr.length - 1;
        for (int r = 0; r < rows; r++) {
            int start = ptr[r];
            int end = ptr[r + 1];
            if (start == end) {
                out[r] = 0;
                continue;
            }
            double num = 0;
            double den = 0;
            for (int k = start; k < end; k++) {
                double vj = other[idx[k]];
                num += rhat[k] * vj;
                den += vj * vj;
            }
            den += lambda * reg.weight(end - start);
            out[r] = den > 0 ? num / den : 0;
        }
    }

    /**
     * {@code r_ij += a_i b_j} over the block, whose rows are {@code i = first + r} of the side of
     * {@code rowSide} and whose {@code idx} index {@code idxSide}.
     */
    static void addOuter(int[] ptr, int[] idx, double[] resid, int first, double[] rowSide, double[] idxSide) {
        int rows = ptr.length - 1;
        for (int r = 0; r < rows; r++) {
            double a = rowSide[first + r];
            for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                resid[k] += a * idxSide[idx[k]];
            }
        }
    }

    /** {@code r_ij -= a_i b_j} over the block; see {@link #addOuter}. */
    static void subtractOuter(int[] ptr, int[] idx, double[] resid, int first, double[] rowSide, double[] idxSide) {
        int rows = ptr.length - 1;
        for (int r = 0; r < rows; r++) {
            double a = rowSide[first + r];
            for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                resid[k] -= a * idxSide[idx[k]];
            }
        }
    }
}

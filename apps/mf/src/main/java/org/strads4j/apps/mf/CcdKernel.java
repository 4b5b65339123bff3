package org.strads4j.apps.mf;

/**
 * The two hot loops of CCD++ (Yu, Hsieh, Si and Dhillon, "Scalable Coordinate Descent Approaches
 * to Parallel Matrix Factorization for Recommender Systems", ICDM 2012), over one block of a
 * compressed (CSR or CSC) ratings matrix whose entries hold the residual
 * {@code r_ij = a_ij - w_i . h_j}.
 *
 * <p>For feature {@code t}, with {@code u = W[:,t]} and {@code v = H[:,t]}, the rank-one
 * subproblem's exact coordinate minimiser for row {@code i} (eq. (8) of the paper, on the
 * residual with the feature added back, {@code r_ij + u_i v_j}) is
 * <pre>
 *   u_i = sum_j (r_ij + u_i v_j) v_j / (lambda c_i + sum_j v_j^2)
 * </pre>
 * where {@code c_i} is 1 ({@code plain}) or row {@code i}'s rating count ({@code weighted}), and a
 * row with no ratings gets 0. When {@code u} changes by {@code d}, every copy of the residual is
 * updated by {@code r_ij -= d_i * v_j} (always this product, in this order, so the row-block and
 * column-block copies stay bit-identical).
 */
final class CcdKernel {
    private CcdKernel() {
    }

    /**
     * New values of {@code own[first + r]} for the block's rows {@code r = 0..ptr.length-2}.
     *
     * @param ptr    row offsets of the block
     * @param idx    other-side index of each entry
     * @param resid  residual of each entry
     * @param first  index of the block's first row in {@code own}
     * @param own    this side's current feature column (full length)
     * @param other  the other side's feature column (full length)
     * @param lambda regularisation weight
     * @param reg    the regulariser (row weight {@code c_i})
     * @param out    the new values, length {@code ptr.length - 1}
     */
    static void solve(int[] ptr, int[] idx, double[] resid, int first, double[] own, double[] other,
                      double lambda, Regularizer reg, double[] out) {
        int rows = ptr.length - 1;
        for (int r = 0; r < rows; r++) {
            int start = ptr[r];
            int end = ptr[r + 1];
            if (start == end) {
                out[r] = 0;
                continue;
            }
            double ui = own[first + r];
            double num = 0;
            double den = 0;
            for (int k = start; k < end; k++) {
                double vj = other[idx[k]];
                num += (resid[k] + ui * vj) * vj;
                den += vj * vj;
            }
            den += lambda * reg.weight(end - start);
            out[r] = den > 0 ? num / den : 0;
        }
    }

    /**
     * Residual update of a block compressed along the side that changed: {@code r_ij -= d_i v_j}
     * for the block's rows {@code i = first + r}.
     *
     * @param delta change of the feature column on this side (full length)
     * @param other the other side's feature column (full length)
     */
    static void applyAlong(int[] ptr, int[] idx, double[] resid, int first, double[] delta, double[] other) {
        int rows = ptr.length - 1;
        for (int r = 0; r < rows; r++) {
            double d = delta[first + r];
            if (d == 0) {
                continue;
            }
            for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                resid[k] -= d * other[idx[k]];
            }
        }
    }

    /**
     * Residual update of a block compressed along the other side: {@code r_ij -= d_i v_j}, where
     * the block's rows are {@code j = first + r} of the unchanged side and {@code idx} holds the
     * changed side's indices {@code i}.
     *
     * @param delta change of the feature column on the changed side (full length)
     * @param other the unchanged side's feature column (full length)
     */
    static void applyAcross(int[] ptr, int[] idx, double[] resid, int first, double[] delta, double[] other) {
        int rows = ptr.length - 1;
        for (int r = 0; r < rows; r++) {
            double vj = other[first + r];
            if (vj == 0) {
                continue;
            }
            for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                resid[k] -= delta[idx[k]] * vj;
            }
        }
    }
}

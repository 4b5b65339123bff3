package org.strads4j.apps.mf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CcdKernelTest {
    /** Two rows: row 0 rates items 0 and 2, row 1 has no ratings. */
    private static final int[] PTR = {0, 2, 2};
    private static final int[] IDX = {0, 2};

    @Test
    void solveIsTheRankOneLeastSquaresMinimiser() {
        double[] resid = {1.0, -0.5};          // a_ij - w_i . h_j
        double[] u = {0.5, 3.0};               // u_t, full column
        double[] v = {2.0, 9.0, -1.0};         // v_t, full column
        double[] out = new double[2];
        CcdKernel.solve(PTR, IDX, resid, 0, u, v, 0.1, Regularizer.PLAIN, out);
        // r + u v: 1 + 0.5*2 = 2, -0.5 + 0.5*(-1) = -1; num = 2*2 + (-1)(-1) = 5; den = 4 + 1 + 0.1
        assertEquals(5.0 / 5.1, out[0], 1e-15);
        assertEquals(0.0, out[1]);             // no ratings -> 0
        CcdKernel.solve(PTR, IDX, resid, 0, u, v, 0.1, Regularizer.WEIGHTED, out);
        assertEquals(5.0 / (5.0 + 0.1 * 2), out[0], 1e-15);
    }

    @Test
    void bothResidualCopiesStayIdentical() {
        // 2 users x 3 items, all rated: CSR by user and CSC by item of the same residual
        int[] rowPtr = {0, 3, 6};
        int[] rowItem = {0, 1, 2, 0, 1, 2};
        double[] rowRes = {1, 2, 3, 4, 5, 6};
        int[] colPtr = {0, 2, 4, 6};
        int[] colUser = {0, 1, 0, 1, 0, 1};
        double[] colRes = {1, 4, 2, 5, 3, 6};
        double[] du = {0.3, -0.7};
        double[] v = {0.1, 0.2, 0.3};
        CcdKernel.applyAlong(rowPtr, rowItem, rowRes, 0, du, v);
        CcdKernel.applyAcross(colPtr, colUser, colRes, 0, du, v);
        double[] csrAsCsc = {rowRes[0], rowRes[3], rowRes[1], rowRes[4], rowRes[2], rowRes[5]};
        assertArrayEquals(csrAsCsc, colRes, 0.0);
        assertEquals(1 - 0.3 * 0.1, rowRes[0], 1e-15);
        assertEquals(6 + 0.7 * 0.3, rowRes[5], 1e-15);
    }
}

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
        double[] rhat = {2.0, -1.0};           // residual with the feature added back
        double[] v = {2.0, 9.0, -1.0};         // v_t, full column
        double[] out = new double[2];
        CcdKernel.solve(PTR, IDX, rhat, v, 0.1, Regularizer.PLAIN, out);
        // num = 2*2 + (-1)(-1) = 5; den = 4 + 1 + 0.1
        assertEquals(5.0 / 5.1, out[0], 1e-15);
        assertEquals(0.0, out[1]);             // no ratings -> 0
        CcdKernel.solve(PTR, IDX, rhat, v, 0.1, Regularizer.WEIGHTED, out);
        assertEquals(5.0 / (5.0 + 0.1 * 2), out[0], 1e-15);
        // lambda 0 and v = 0 on the row's items: nothing to fit -> 0, not NaN
        CcdKernel.solve(PTR, IDX, rhat, new double[3], 0.0, Regularizer.PLAIN, out);
        assertEquals(0.0, out[0]);
    }

    @Test
    void rowAndColumnCopiesStayBitIdentical() {
        // 2 users x 3 items, all rated: CSR by user and CSC by item of the same residual
        int[] rowPtr = {0, 3, 6};
        int[] rowItem = {0, 1, 2, 0, 1, 2};
        double[] rowRes = {1, 2, 3, 4, 5, 6};
        int[] colPtr = {0, 2, 4, 6};
        int[] colUser = {0, 1, 0, 1, 0, 1};
        double[] colRes = {1, 4, 2, 5, 3, 6};
        double[] u = {0.3, -0.7};
        double[] v = {0.1, 0.2, 0.3};
        CcdKernel.addOuter(rowPtr, rowItem, rowRes, 0, u, v);
        CcdKernel.addOuter(colPtr, colUser, colRes, 0, v, u);
        assertArrayEquals(new double[] {rowRes[0], rowRes[3], rowRes[1], rowRes[4], rowRes[2], rowRes[5]}, colRes, 0.0);
        assertEquals(1 + 0.3 * 0.1, rowRes[0], 1e-15);
        double[] u2 = {1.7, 0.01};
        CcdKernel.subtractOuter(rowPtr, rowItem, rowRes, 0, u2, v);
        CcdKernel.subtractOuter(colPtr, colUser, colRes, 0, v, u2);
        assertArrayEquals(new double[] {rowRes[0], rowRes[3], rowRes[1], rowRes[4], rowRes[2], rowRes[5]}, colRes, 0.0);
        assertEquals(6 - 0.7 * 0.3 - 0.01 * 0.3, rowRes[5], 1e-15);
    }

    @Test
    void blockOffsetsSelectTheRightFactors() {
        // a block holding only row 1 (first = 1) of a 2-row side
        int[] ptr = {0, 2};
        int[] idx = {0, 1};
        double[] res = {0, 0};
        CcdKernel.addOuter(ptr, idx, res, 1, new double[] {5, 2}, new double[] {3, 4});
        assertArrayEquals(new double[] {6, 8}, res, 0.0);
    }
}

package org.strads4j.apps.lasso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.strads4j.io.SparseRows;

/**
 * The working-set solver, both ways (Gram matrix and residual), on a random sparse problem: the
 * optimality conditions of the subproblem hold at exit, both land on the same coefficients, and
 * the gap the Gram way computes from increments equals the gap computed from the residual.
 */
class WorkingSetSolverTest {
    private static LassoData sparseProblem(int n, int p, double density, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] rowPtr = new long[n + 1];
        int[] cols = new int[(int) (n * p * density * 2) + p];
        double[] vals = new double[cols.length];
        double[] y = new double[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            double signal = 0;
            for (int j = 0; j < p; j++) {
                if (rnd.nextDouble() < density) {
                    cols[k] = j;
                    vals[k] = rnd.nextGaussian();
                    if (j % 7 == 0) {
                        signal += vals[k] * (j % 2 == 0 ? 1.5 : -1.0);
                    }
                    k++;
                }
            }
            rowPtr[i + 1] = k;
            y[i] = signal + 0.5 * rnd.nextGaussian();
        }
        return LassoData.of(new SparseRows(n, p, y, rowPtr, cols, vals, 1));
    }

    private static void assertKkt(LassoData data, int[] w, double[] x, double lambda) {
        double[] b = new double[data.columns()];
        for (int i = 0; i < w.length; i++) {
            b[w[i]] = x[i];
        }
        double[] r = data.residual(b);
        for (int i = 0; i < w.length; i++) {
            double g = data.dot(w[i], r) / data.rows();
            if (x[i] != 0) {
                assertEquals(lambda * Math.signum(x[i]), g, 1e-7 * lambda, "stationarity of " + w[i]);
            } else {
                assertTrue(Math.abs(g) <= lambda * (1 + 1e-7), "zero coordinate " + w[i] + " violates KKT: " + g);
            }
        }
    }

    @Test
    void bothWaysReachTheSameKktPointAndAgreeOnTheGap() {
        LassoData data = sparseProblem(300, 400, 0.05, 11);
        int n = data.rows();
        double lambda = 0.1 * data.lambdaMax();
        int m = 250;
        int[] w = new int[m];
        for (int i = 0; i < m; i++) {
            w[i] = i;
        }
        double[] b = new double[data.columns()];
        double[] r0 = data.residual(b);
        double rr0 = 0;
        double ry0 = 0;
        for (int k = 0; k < n; k++) {
            rr0 += r0[k] * r0[k];
            ry0 += r0[k] * data.y()[k];
        }
        double[] c0 = new double[m];
        double[] xty = new double[m];
        for (int i = 0; i < m; i++) {
            c0[i] = data.dot(w[i], r0) / n;
            xty[i] = data.xty()[w[i]];
        }
        double[] gram = new double[m * m];
        data.gram(w, m, gram);
        for (int a = 0; a < m; a += 37) {
            for (int c = 0; c < m; c += 41) {
                assertEquals(data.dot(w[a], w[c]) / n, gram[a * m + c], 1e-12, "Gram entry " + a + "," + c);
            }
        }
        double target = 1e-13 * rr0 / (2 * n);

        double[] byGram = new double[m];
        WorkingSetSolver.Outcome g = WorkingSetSolver.solve(m, gram, c0, xty, rr0, ry0, n, lambda, target,
                WorkingSetSolver.MAX_PASSES, byGram);
        double[] byResidual = new double[m];
        WorkingSetSolver.Outcome rs = WorkingSetSolver.solveByResidual(data, w, m, b, lambda, target,
                WorkingSetSolver.MAX_PASSES, byResidual);
        assertTrue(g.gap() <= target && rs.gap() <= target, "both reach the target gap: " + g + " " + rs);
        assertKkt(data, w, byGram, lambda);
        assertKkt(data, w, byResidual, lambda);
        int nnz = 0;
        for (int i = 0; i < m; i++) {
            assertEquals(byResidual[i], byGram[i], 1e-8, "coefficient " + i);
            nnz += byGram[i] != 0 ? 1 : 0;
        }
        assertTrue(nnz > 5 && nnz < m, "a nontrivial support: " + nnz);

        // the Gram way's gap, from increments, is the residual way's gap at the same point
        double[] half = new double[m];
        double[] c = c0.clone();
        for (int i = 0; i < m; i++) {
            half[i] = 0.5 * byGram[i];
            for (int k = 0; k < m; k++) {
                c[k] -= gram[k * m + i] * half[i];
            }
        }
        double[] bHalf = new double[data.columns()];
        for (int i = 0; i < m; i++) {
            bHalf[w[i]] = half[i];
        }
        double direct = WorkingSetSolver.residualGap(data, w, m, data.residual(bHalf), lambda, half);
        double incremental = WorkingSetSolver.gap(m, c0, c, xty, rr0, ry0, n, lambda, half, new double[m]);
        assertEquals(direct, incremental, 1e-10 * direct);
        assertTrue(direct > 100 * target, "a point that is not optimal has a real gap: " + direct);
    }

    /**
     * Strongly correlated columns (blocks of 10 around a shared factor, correlation about 0.9), where
     * plain coordinate descent crawls: the residual solver's Anderson extrapolation is taken, and
     * the solution still meets the KKT conditions and equals the Gram way's (no extrapolation).
     */
    @Test
    void andersonExtrapolationIsTakenOnCorrelatedColumnsAndKeepsTheOptimum() {
        int n = 200;
        int p = 120;
        SplittableRandom rnd = new SplittableRandom(5);
        double[][] z = new double[n][p / 10];
        for (double[] row : z) {
            for (int b = 0; b < row.length; b++) {
                row[b] = rnd.nextGaussian();
            }
        }
        long[] rowPtr = new long[n + 1];
        int[] cols = new int[n * p];
        double[] vals = new double[n * p];
        double[] y = new double[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                cols[k] = j;
                vals[k] = 0.95 * z[i][j / 10] + 0.3 * rnd.nextGaussian();
                if (j % 13 == 0) {
                    y[i] += vals[k];
                }
                k++;
            }
            y[i] += 0.1 * rnd.nextGaussian();
            rowPtr[i + 1] = k;
        }
        LassoData data = LassoData.of(new SparseRows(n, p, y, rowPtr, cols, vals, 1));
        double lambda = 0.005 * data.lambdaMax();
        int[] w = new int[p];
        for (int j = 0; j < p; j++) {
            w[j] = j;
        }
        double[] b = new double[p];
        double[] r0 = data.residual(b);
        double rr0 = 0;
        double ry0 = 0;
        for (int i = 0; i < n; i++) {
            rr0 += r0[i] * r0[i];
            ry0 += r0[i] * y[i];
        }
        double target = 1e-12 * rr0 / (2 * n);
        double[] byResidual = new double[p];
        WorkingSetSolver.Outcome rs = WorkingSetSolver.solveByResidual(data, w, p, b, lambda, target,
                WorkingSetSolver.MAX_PASSES, byResidual);
        assertTrue(rs.gap() <= target, "reaches the target gap: " + rs);
        assertTrue(rs.extrapolations() > 0, "extrapolations taken: " + rs);
        assertKkt(data, w, byResidual, lambda);
        double[] gram = new double[p * p];
        data.gram(w, p, gram);
        double[] c0 = new double[p];
        double[] xty = new double[p];
        for (int i = 0; i < p; i++) {
            c0[i] = data.dot(w[i], r0) / n;
            xty[i] = data.xty()[w[i]];
        }
        double[] byGram = new double[p];
        WorkingSetSolver.Outcome g = WorkingSetSolver.solve(p, gram, c0, xty, rr0, ry0, n, lambda, target,
                WorkingSetSolver.MAX_PASSES, byGram);
        assertTrue(g.gap() <= target, "the Gram way too: " + g);
        assertEquals(0, g.extrapolations());
        for (int i = 0; i < p; i++) {
            assertEquals(byGram[i], byResidual[i], 1e-6, "coefficient " + i);
        }
    }
}

package org.strads4j.apps.lasso;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GroupSolverTest {

    /** G = A^T A / n for random A with columns correlated by {@code rho}, q = A^T y / n. */
    private static double[][] problem(int n, int m, double rho, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] a = new double[n][m];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double z = rnd.nextGaussian();
            for (int j = 0; j < m; j++) {
                a[i][j] = Math.sqrt(rho) * z + Math.sqrt(1 - rho) * rnd.nextGaussian();
            }
            y[i] = 2 * a[i][0] - a[i][m - 1] + 0.1 * rnd.nextGaussian();
        }
        double[] g = new double[m * m];
        double[] q = new double[m];
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < m; k++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += a[i][j] * a[i][k];
                }
                g[j * m + k] = s / n;
            }
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += a[i][j] * y[i];
            }
            q[j] = s / n;
        }
        return new double[][] {g, q};
    }

    /** The optimality conditions: grad_i + lambda sign(x_i) = 0 on the support, |grad_i| <= lambda off it. */
    private static void assertOptimal(int m, double[] g, double[] q, double lambda, double[] x) {
        for (int i = 0; i < m; i++) {
            double grad = -q[i];
            for (int k = 0; k < m; k++) {
                grad += g[i * m + k] * x[k];
            }
            if (x[i] != 0) {
                assertEquals(0.0, grad + lambda * Math.signum(x[i]), 1e-9, "stationarity of coordinate " + i);
            } else {
                assertTrue(Math.abs(grad) <= lambda * (1 + 1e-9), "zero coordinate " + i + " violates KKT: " + grad);
            }
        }
    }

    @Test
    void solvesHighlyCorrelatedGroupsExactlyFromAnyStart() {
        GroupSolver solver = new GroupSolver();
        for (double rho : new double[] {0.0, 0.9, 0.999}) {
            for (int m : new int[] {2, 5, 16, 40}) {
                double[][] pq = problem(200, m, rho, m * 31L);
                for (double lambda : new double[] {0.01, 0.1, 0.5}) {
                    double[] fromZero = new double[m];
                    solver.solve(m, pq[0], pq[1], lambda, fromZero);
                    assertOptimal(m, pq[0], pq[1], lambda, fromZero);
                    double[] warm = new double[m];
                    SplittableRandom rnd = new SplittableRandom(m);
                    for (int i = 0; i < m; i++) {
                        warm[i] = rnd.nextGaussian();
                    }
                    solver.solve(m, pq[0], pq[1], lambda, warm);
                    assertOptimal(m, pq[0], pq[1], lambda, warm);
                    assertArrayEquals(fromZero, warm, 1e-7, "the minimiser is unique for a positive definite G");
                }
            }
        }
    }

    @Test
    void aGroupOfOneIsTheSoftThresholdUpdate() {
        double[] x = {0.3};
        new GroupSolver().solve(1, new double[] {2.0}, new double[] {1.5}, 0.5, x);
        assertEquals(0.5, x[0], 0.0);
    }

    @Test
    void singularGroupsFallBackToCoordinateDescentAndStillSatisfyKkt() {
        // More columns than rows: G is singular.
        int m = 12;
        double[][] pq = problem(6, m, 0.3, 5);
        double[] x = new double[m];
        new GroupSolver().solve(m, pq[0], pq[1], 0.05, x);
        assertOptimal(m, pq[0], pq[1], 0.05, x);
    }
}

package org.strads4j.apps.lasso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strads4j.io.LibsvmReader;

/**
 * The solve target of a working set: a step of {@link WorkingSets#GAP_FACTOR} below the last gap
 * while a coordinate left out of the set violates its optimality condition, and the stopping
 * target at once when none does (the set then holds all that still has to move).
 */
class WorkingSetsTest {
    private static final double TOLERANCE = 1e-9;

    @Test
    void aSetWithEveryViolatorAimsAtTheStopAndOneMissingAViolatorAimsAStepDown(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("x.svm");
        SyntheticLasso.write(file, 200, 400, 10, 0.2, 5);
        LassoData data = LassoData.of(LibsvmReader.read(file));
        int p = data.columns();
        double lambda = 0.1;
        double alpha = data.rows() * lambda;       // |x_j^T r| at the optimality bound
        double gap = 0.02;
        double objective = 0.5;

        // ten violators, the rest well inside: the first set (100 coordinates) holds all ten
        double[] sum = sums(p, alpha, 10);
        WorkingSets ws = new WorkingSets(p, 100_000);
        int[] w = ws.choose(new LassoModel(p, data.rows(), lambda), data, sum, gap, objective, 100_000);
        assertNotNull(w);
        assertEquals(WorkingSets.MIN_SIZE, w.length);
        for (int j = 0; j < 10; j++) {
            assertTrue(java.util.Arrays.binarySearch(w, j) >= 0, "violator " + j + " is in the set");
        }
        assertEquals(0.3 * TOLERANCE * objective, ws.targetGap(TOLERANCE), 0.0, "final set: the stopping target");

        // 150 violators: 50 of them are left out of a set of 100, so the solve is one step of many
        sum = sums(p, alpha, 150);
        ws = new WorkingSets(p, 100_000);
        w = ws.choose(new LassoModel(p, data.rows(), lambda), data, sum, gap, objective, 100_000);
        assertEquals(WorkingSets.MIN_SIZE, w.length);
        assertEquals(WorkingSets.GAP_FACTOR * gap, ws.targetGap(TOLERANCE), 0.0, "violators outside: a step down");
    }

    @Test
    void aSetTheSupportFilledIsFollowedByOneFourTimesTheSupportOtherwiseTwice(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("x.svm");
        SyntheticLasso.write(file, 1000, 2000, 10, 0.2, 5);   // n = 1,000: fast growth is not bounded here
        LassoData data = LassoData.of(LibsvmReader.read(file));
        int p = data.columns();
        double lambda = 0.1;
        double[] sum = sums(p, data.rows() * lambda, 2000);
        WorkingSets ws = new WorkingSets(p, 100_000);
        LassoModel model = new LassoModel(p, data.rows(), lambda);
        assertEquals(WorkingSets.MIN_SIZE, ws.choose(model, data, sum, 0.02, 0.5, 100_000).length, "the first set");

        for (int j = 0; j < 80; j++) {   // 80 of its 100 became nonzero: full
            model.b[j] = 0.01;
        }
        assertEquals(4, ws.growth(80));
        assertEquals(320, ws.choose(model, data, sum, 0.02, 0.5, 100_000).length);

        for (int j = 80; j < 200; j++) {   // 200 of 320: not full
            model.b[j] = 0.01;
        }
        assertEquals(2, ws.growth(200));
        assertEquals(400, ws.choose(model, data, sum, 0.02, 0.5, 100_000).length);
        assertEquals(400, ws.choose(model, data, sum, 0.02, 0.5, 450).length, "within the cap");
        assertEquals(350, ws.choose(model, data, sum, 0.02, 0.5, 350).length, "the cap");

        // after a first set of 100: fast growth stops at n (say 200 rows), twice the support does not
        ws = new WorkingSets(p, 100_000);
        ws.choose(new LassoModel(p, data.rows(), lambda), data, sum, 0.02, 0.5, 100_000);
        assertEquals(200, ws.grown(80, 200), "4 x 80 = 320, bounded by n = 200");
        assertEquals(300, ws.grown(150, 200), "twice 150 is always allowed");
    }

    /** Evaluation sums {@code [r^T r, r^T y, X^T r]} with the first {@code violators} above the bound. */
    private static double[] sums(int p, double alpha, int violators) {
        double[] sum = new double[p + 2];
        sum[0] = 1;
        sum[1] = 1;
        for (int j = 0; j < p; j++) {
            sum[2 + j] = (j < violators ? 2.0 : 0.5) * alpha * (j % 2 == 0 ? 1 : -1);
        }
        return sum;
    }
}

package org.strads4j.apps.lasso;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strads4j.api.Job;
import org.strads4j.api.JobSpec;
import org.strads4j.io.LibsvmReader;

/**
 * The coordinator's copy of the data: the row-wise copy is kept only where neighbour lists pay,
 * the Gram block from the columns equals the one from the rows, and a planned job makes its shards
 * when asked (one at a time, not kept) and makes the same shards every time.
 */
class LassoDataTest {
    @Test
    void theGramBlockFromTheColumnsEqualsTheOneFromTheRows(@TempDir Path dir) throws Exception {
        Path sparse = dir.resolve("sparse.svm");
        SyntheticLasso.write(sparse, 400, 3000, 30, 0.01, 3);
        LassoData data = LassoData.of(LibsvmReader.read(sparse));
        assertTrue(data.keepsRows(), "sparse rows: neighbour lists pay, the rows are kept");
        int[] perm = org.strads4j.api.Permutation.of(3000, 8);
        for (int m : new int[] {1, 2, 60, 128, 700}) {
            int[] w = java.util.Arrays.copyOf(perm, m);
            double[] rows = new double[m * m];
            double[] cols = new double[m * m];
            data.gram(w, m, rows);
            data.gramFromColumns(w, m, cols);
            assertSameBlock(rows, cols, m);
            for (int i = 0; i < m * m; i++) {
                assertEquals(cols[i], cols[(i % m) * m + i / m], 0.0, "symmetric");
            }
        }
    }

    @Test
    void theGramCacheGivesEverySetItsOwnBlock(@TempDir Path dir) throws Exception {
        Path sparse = dir.resolve("sparse.svm");
        SyntheticLasso.write(sparse, 400, 3000, 30, 0.01, 5);
        LassoData data = LassoData.of(LibsvmReader.read(sparse));
        int[] perm = org.strads4j.api.Permutation.of(3000, 9);
        GramCache cache = new GramCache();
        // a set growing, then losing and gaining a few columns (sorted, as working sets are), then one
        // mostly new (built afresh), then one in another order, then one column
        int[][] sets = {
            sorted(perm, 0, 100), sorted(perm, 0, 130), sorted(perm, 5, 140), sorted(perm, 100, 400),
            sorted(perm, 105, 400), reversed(sorted(perm, 105, 400)), sorted(perm, 7, 8)};
        for (int[] w : sets) {
            int m = w.length;
            double[] expected = new double[m * m];
            double[] got = new double[m * m];
            java.util.Arrays.fill(got, Double.NaN);
            data.gram(w, m, expected);
            cache.gram(data, w, m, got);
            assertSameBlock(expected, got, m);
        }
        long[] counts = cache.counts();
        assertTrue(counts[1] > counts[0], "most columns came from the last block: " + counts[0] + " computed, "
                + counts[1] + " reused");
    }

    /** Every entry of the {@code m x m} block {@code got} within 1e-12 of {@code expected}'s largest entry. */
    private static void assertSameBlock(double[] expected, double[] got, int m) {
        double scale = 1e-300;
        for (int i = 0; i < m * m; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        for (int i = 0; i < m * m; i++) {
            assertEquals(expected[i], got[i], 1e-12 * scale, "m=" + m + " entry " + i);
        }
    }

    private static int[] sorted(int[] perm, int from, int to) {
        int[] w = java.util.Arrays.copyOfRange(perm, from, to);
        java.util.Arrays.sort(w);
        return w;
    }

    private static int[] reversed(int[] w) {
        int[] r = new int[w.length];
        for (int i = 0; i < w.length; i++) {
            r[i] = w[w.length - 1 - i];
        }
        return r;
    }

    @Test
    void wideRowsAreNotKeptTwice(@TempDir Path dir) throws Exception {
        Path dense = dir.resolve("dense.svm");
        SyntheticLasso.write(dense, 300, 500, 20, 1.0, 4);
        LassoData data = LassoData.of(LibsvmReader.read(dense));
        assertFalse(data.keepsRows(), "neighbour lists do not pay for 500-wide rows: one copy, by column");
        double[] g = new double[4];
        data.gram(new int[] {3, 7}, 2, g);
        assertEquals(g[1], g[2], 0.0);
        assertTrue(g[0] > 0 && g[3] > 0);
    }

    @Test
    void aPlannedJobMakesItsShardsWhenAskedAndAlwaysTheSame(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.svm");
        SyntheticLasso.write(file, 200, 1000, 10, 0.05, 5);
        JobSpec spec = JobSpec.defaults("lasso").withNodes(3).withParams(Map.of("data", file.toString()));
        Job job = new LassoApp().plan(spec);
        LassoData data = LassoData.of(LibsvmReader.read(file));
        assertEquals(3, job.shards().size());
        for (int w = 0; w < 3; w++) {
            LassoShard a = (LassoShard) job.shards().get(w);
            LassoShard b = (LassoShard) job.shards().get(w);
            assertNotSame(a, b, "made anew: the job keeps no shard");
            LassoShard expected = data.shards(3).get(w);
            assertEquals(expected.rows(), a.rows());
            assertArrayEquals(expected.colPtr(), a.colPtr());
            assertArrayEquals(expected.rowIdx(), b.rowIdx());
            assertArrayEquals(expected.vals(), b.vals());
            assertArrayEquals(expected.y(), a.y());
        }
    }
}

package org.strads4j.apps.lasso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.strads4j.api.BadInputException;
import org.strads4j.api.Batch;
import org.strads4j.api.JobSpec;
import org.strads4j.cluster.EmbeddedCluster;
import org.strads4j.engine.JobRunner;
import org.strads4j.engine.RunListener;
import org.strads4j.io.LibsvmReader;
import org.strads4j.kernel.Device;
import org.strads4j.testing.SharedData;

/**
 * The CPU BLAS (ND4J) Lasso kernels against the plain-Java reference: the worker kernel's dot
 * products (gathered and whole-shard), residual updates and evaluation sums within 1e-12 relative
 * on dense shards of several shapes; the dense working-set Gram block within 1e-12; which kernel
 * each device takes for dense and sparse shards; and whole runs with {@code --device blas} reaching
 * the {@code --device cpu} objective within 1e-9 relative on 1 and 3 nodes, with the BLAS Gram block
 * used where the working sets are large and dense.
 */
class BlasKernelTest {
    static Stream<Arguments> denseShapes() {
        return Stream.of(
                Arguments.of("one row", 1, 300, 1.0, false),
                Arguments.of("dense 64 x 500", 64, 500, 1.0, false),
                Arguments.of("long columns 50000 x 40, 30%", 50_000, 40, 0.3, false),
                Arguments.of("dense with empty columns", 400, 600, 1.0, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("denseShapes")
    void blasKernelMatchesTheJavaKernel(String shape, int n, int p, double density, boolean empties) {
        LassoShard s = LassoKernelTest.shard(n, p, density, empties, n * 17L + p);
        assertNull(Nd4jLassoKernel.whyNot(s), shape + " is dense enough");
        SplittableRandom rnd = new SplittableRandom(11);
        try (LassoKernel java = new JavaLassoKernel(s, s.y().clone());
             LassoKernel blas = new Nd4jLassoKernel(s, s.y().clone())) {
            for (int round = 0; round < 20; round++) {
                // small rounds (Java loops) and rounds of a quarter of the columns or more (one gemv)
                int u = round % 2 == 0 ? 1 + rnd.nextInt(Math.max(1, p / 8)) : p / 4 + rnd.nextInt(p - p / 4 + 1);
                u = Math.max(1, u);
                long[] keys = new long[u];
                double[] deltas = new double[u];
                for (int i = 0; i < u; i++) {
                    keys[i] = rnd.nextInt(p);
                    deltas[i] = rnd.nextInt(4) == 0 ? 0 : rnd.nextDouble() - 0.5;
                }
                double[] a = new double[u];
                double[] b = new double[u];
                java.dots(keys, a);
                blas.dots(keys, b);
                close(shape + " round " + round + " dots (U=" + u + ")", a, b);
                Batch commit = Batch.of(keys, deltas, 1);
                java.apply(commit);
                blas.apply(commit);
                close(shape + " round " + round + " residual", java.residual(), blas.residual());
            }
            close(shape + " evaluation", java.partial(), blas.partial());
            double[] restored = java.residual();
            restored[0] += 1;
            java.residual(restored);
            blas.residual(restored);
            close(shape + " restored residual", java.partial(), blas.partial());
            assertTrue(blas.describe().startsWith("cpu (ND4J OpenBLAS"), blas.describe());
        }
    }

    @Test
    void eachDeviceTakesTheKernelMeasuredFastestForTheShard() {
        LassoShard sparse = LassoKernelTest.shard(2000, 5000, 0.01, false, 1);
        LassoShard smallDense = LassoKernelTest.shard(215, 100, 1.0, false, 2);
        LassoShard largeDense = LassoKernelTest.shard(1000, 1000, 1.0, false, 3);
        assertNotNull(Nd4jLassoKernel.whyNot(sparse));
        assertTrue(Nd4jLassoKernel.whyNot(sparse).contains("1.0% of its 2000 x 5000 cells"), Nd4jLassoKernel.whyNot(sparse));
        try (LassoKernel k = LassoKernel.make(sparse, Device.BLAS)) {
            assertInstanceOf(JavaLassoKernel.class, k);
            assertTrue(k.describe().startsWith("cpu (plain Java; no BLAS for this shard: 1.0% of its"), k.describe());
        }
        try (LassoKernel k = LassoKernel.make(smallDense, Device.BLAS)) {
            assertInstanceOf(Nd4jLassoKernel.class, k);
        }
        try (LassoKernel k = LassoKernel.make(smallDense, Device.AUTO)) {
            assertInstanceOf(JavaLassoKernel.class, k, "too small for BLAS to pay under auto");
            assertEquals("cpu (plain Java)", k.describe());
        }
        try (LassoKernel k = LassoKernel.make(largeDense, Device.AUTO)) {
            assertInstanceOf(Nd4jLassoKernel.class, k, "large and dense: BLAS under auto");
        }
        try (LassoKernel k = LassoKernel.make(largeDense, Device.CPU)) {
            assertInstanceOf(JavaLassoKernel.class, k, "cpu is always the plain-Java reference");
        }
    }

    @Test
    void blasGramBlockMatchesTheJavaGram(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dense.svm");
        SyntheticLasso.write(file, 300, 500, 20, 1.0, 9);
        LassoData data = LassoData.of(LibsvmReader.read(file));
        int[] perm = org.strads4j.api.Permutation.of(500, 4);
        for (int m : new int[] {1, 37, 250}) {
            int[] w = java.util.Arrays.copyOf(perm, m);
            double[] a = new double[m * m];
            double[] b = new double[m * m];
            data.gram(w, m, a);
            BlasGram.gram(data, w, m, b);
            close("gram m=" + m, a, b);
            long nnz = 0;
            for (int j : w) {
                nnz += data.nnz(j);
            }
            double[] c = new double[m * m];
            LassoAggregate.gram(data, w, m, nnz, Device.CPU, null, c);
            assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(c), "cpu: the Java Gram, bit for bit");
        }
    }

    @Test
    void blasIsRefusedWhereTheAppOrScheduleHasNoBlasKernels() {
        JobSpec dp = JobSpec.defaults("lasso").withSchedule(JobSpec.DATA_PARALLEL)
                .withParams(Map.of(Device.PARAM, "blas"));
        BadInputException e = assertThrows(BadInputException.class, () -> new LassoApp().plan(dp));
        assertTrue(e.getMessage().startsWith("Invalid --device: blas (lasso's data-parallel schedule"), e.getMessage());
        assertEquals(Device.BLAS, Device.parse("Blas"));
        assertFalse(Device.BLAS.useGpuHere());
    }

    /** Dense data: the shared meats set (every shard dense) and a generated one whose working sets exceed 200 columns. */
    @Test
    void wholeRunsWithBlasReachTheJavaObjective(@TempDir Path dir) throws Exception {
        Path generated = dir.resolve("dense-wide.svm");
        SyntheticLasso.write(generated, 500, 600, 250, 1.0, 21);
        record Case(String data, double ratio, boolean gramExpected) {
        }
        List<Case> cases = List.of(new Case(SharedData.data("lasso/meats_fat.svm").toString(), 0.01, false),
                new Case(generated.toString(), 0.01, true));
        for (Case c : cases) {
            for (int nodes : List.of(1, 3)) {
                double[] objective = new double[2];
                String[] kernels = new String[2];
                long gramsBefore = BlasGram.calls();
                try (EmbeddedCluster cluster = EmbeddedCluster.start(nodes)) {
                    int i = 0;
                    for (Device d : List.of(Device.CPU, Device.BLAS)) {
                        JobSpec spec = JobSpec.defaults("lasso").withNodes(nodes).withSeed(5).withMaxRounds(200_000)
                                .withParams(Map.of("data", c.data(), "lambdaRatio", c.ratio(), Device.PARAM, d.option()));
                        JobRunner.Run run = JobRunner.run(cluster, new LassoApp().plan(spec), RunListener.none(), null);
                        assertEquals("converged", run.summary().get("stopReason"), c.data() + " " + d);
                        objective[i] = (Double) run.summary().get("objective");
                        kernels[i] = String.valueOf(((Map<?, ?>) run.summary().get("provenance")).get("kernels"));
                        i++;
                    }
                }
                String what = c.data() + " on " + nodes + " node(s)";
                assertEquals("cpu (plain Java)", kernels[0], what);
                assertTrue(kernels[1].contains("cpu (ND4J OpenBLAS"), what + ": " + kernels[1]);
                assertEquals(objective[0], objective[1], 1e-9 * objective[0], what + ": cpu vs blas objective");
                if (c.gramExpected()) {
                    assertTrue(BlasGram.calls() > gramsBefore, what + ": a working set was solved on a BLAS Gram block");
                }
            }
        }
    }

    private static void close(String what, double[] expected, double[] actual) {
        LassoKernelTest.assertClose(what, expected, actual, "blas");
    }
}

package org.strads4j.apps.lasso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.strads4j.api.BadInputException;
import org.strads4j.api.Batch;
import org.strads4j.api.JobSpec;
import org.strads4j.cluster.EmbeddedCluster;
import org.strads4j.engine.JobRunner;
import org.strads4j.engine.RunListener;
import org.strads4j.kernel.Device;
import org.strads4j.kernel.Gpu;

/**
 * The Lasso kernels against the plain-Java reference: on random shards of several shapes the CUDA
 * kernel's dot products, residual updates and evaluation sums agree with the Java kernel's within
 * 1e-12 relative, and whole runs with {@code --device gpu} reach the objective of
 * {@code --device cpu} within 1e-9 relative on 1 and 3 nodes (the bundled finefoods set, so
 * that the test needs no shared data on a GPU machine). The GPU tests are skipped, saying
 * why, where no CUDA device is usable; the device policy is tested everywhere.
 */
class LassoKernelTest {
    private static final double TOLERANCE = 1e-12;

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of("sparse 2000 x 5000, 1%", 2000, 5000, 0.01, false),
                Arguments.of("one row", 1, 300, 1.0, false),
                Arguments.of("dense 64 x 500", 64, 500, 1.0, false),
                Arguments.of("long columns 50000 x 40, 30%", 50_000, 40, 0.3, false),
                Arguments.of("sparse with empty columns", 1000, 3000, 0.002, true));
    }

    /** A random CSC shard; with {@code empties} every third column is empty. */
    static LassoShard shard(int n, int p, double density, boolean empties, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] colPtr = new int[p + 1];
        java.util.List<Integer> rows = new java.util.ArrayList<>();
        java.util.List<Double> vals = new java.util.ArrayList<>();
        for (int j = 0; j < p; j++) {
            colPtr[j] = rows.size();
            if (empties && j % 3 == 0) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                if (density >= 1 || rnd.nextDouble() < density) {
                    rows.add(i);
                    vals.add(rnd.nextDouble() * 2 - 1);
                }
            }
        }
        colPtr[p] = rows.size();
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextDouble() * 4 - 2;
        }
        return new LassoShard(n, colPtr, rows.stream().mapToInt(Integer::intValue).toArray(),
                vals.stream().mapToDouble(Double::doubleValue).toArray(), y);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void cudaKernelMatchesTheJavaKernel(String shape, int n, int p, double density, boolean empties) {
        assumeTrue(Gpu.available(), () -> "no usable CUDA device, GPU kernel not tested: " + Gpu.whyNot());
        LassoShard s = shard(n, p, density, empties, n * 31L + p);
        SplittableRandom rnd = new SplittableRandom(7);
        try (LassoKernel java = new JavaLassoKernel(s, s.y().clone());
             LassoKernel cuda = new CudaLassoKernel(s, s.y().clone())) {
            for (int round = 0; round < 20; round++) {
                int u = 1 + rnd.nextInt(Math.min(p, 300));
                long[] keys = new long[u];
                double[] deltas = new double[u];
                for (int i = 0; i < u; i++) {
                    keys[i] = rnd.nextInt(p);       // repeats too: one commit may change a column twice
                    deltas[i] = rnd.nextInt(4) == 0 ? 0 : rnd.nextDouble() - 0.5;
                }
                double[] a = new double[u];
                double[] b = new double[u];
                java.dots(keys, a);
                cuda.dots(keys, b);
                close(shape + " round " + round + " dots", a, b);
                Batch commit = Batch.of(keys, deltas, 1);
                java.apply(commit);
                cuda.apply(commit);
                close(shape + " round " + round + " residual", java.residual(), cuda.residual());
            }
            close(shape + " evaluation", java.partial(), cuda.partial());
            double[] restored = java.residual();
            restored[0] += 1;
            java.residual(restored);
            cuda.residual(restored);
            close(shape + " restored residual", java.partial(), cuda.partial());
        }
    }

    private static void close(String what, double[] expected, double[] actual) {
        assertClose(what, expected, actual, "cuda");
    }

    /** {@code actual} (kernel {@code kernel}'s) within {@link #TOLERANCE} of the Java kernel's, relative to its largest value. */
    static void assertClose(String what, double[] expected, double[] actual, String kernel) {
        assertEquals(expected.length, actual.length, what);
        double scale = 1e-300;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - actual[i]);
            int at = i;
            assertTrue(d <= TOLERANCE * scale,
                    () -> what + " [" + at + "]: java " + expected[at] + ", " + kernel + " " + actual[at]);
        }
    }

    @Test
    void theBenchmarksSyntheticShardIsValidCsc() {
        LassoShard s = KernelBenchCommand.synthetic(500, 2000, 0.01, 3);
        assertEquals(2000, s.columns());
        assertEquals(2000 * 5, s.vals().length);
        for (int j = 0; j < s.columns(); j++) {
            for (int k = s.colPtr()[j] + 1; k < s.colPtr()[j + 1]; k++) {
                assertTrue(s.rowIdx()[k - 1] < s.rowIdx()[k], "distinct sorted rows in column " + j);
            }
        }
    }

    @Test
    void deviceNamesAreParsedAndCheckedBeforeAnyWork() {
        assertEquals(Device.CPU, Device.parse("CPU"));
        assertEquals(Device.AUTO, Device.of(Map.of()));
        assertEquals(Device.GPU, Device.of(Map.of(Device.PARAM, "gpu")));
        BadInputException e = assertThrows(BadInputException.class, () -> Device.parse("tpu"));
        assertTrue(e.getMessage().contains("Invalid --device: tpu"), e.getMessage());
        assertTrue(!Device.CPU.useGpuHere());
        assertEquals(Gpu.available(), Device.AUTO.useGpuHere());
        if (!Gpu.available()) {
            BadInputException none = assertThrows(BadInputException.class, Device.GPU::useGpuHere);
            assertTrue(none.getMessage().startsWith("Invalid --device: gpu (") && none.getMessage().contains(Gpu.whyNot()),
                    none.getMessage());
        }
    }

    @Test
    void wholeRunsOnEachDeviceReachTheSameObjective() {
        assumeTrue(Gpu.available(), () -> "no usable CUDA device, GPU runs not tested: " + Gpu.whyNot());
        for (int nodes : List.of(1, 3)) {
            double[] objective = new double[2];
            String[] kernels = new String[2];
            try (EmbeddedCluster c = EmbeddedCluster.start(nodes)) {
                int i = 0;
                for (Device d : List.of(Device.CPU, Device.GPU)) {
                    JobSpec spec = JobSpec.defaults("lasso").withNodes(nodes).withSeed(5).withMaxRounds(100_000)
                            .withParams(Map.of("lambdaRatio", 0.01, "scheduler", "round-robin",
                                    Device.PARAM, d.option()));
                    JobRunner.Run run = JobRunner.run(c, new LassoApp().plan(spec), RunListener.none(), null);
                    objective[i] = (Double) run.summary().get("objective");
                    kernels[i] = String.valueOf(((Map<?, ?>) run.summary().get("provenance")).get("kernels"));
                    i++;
                }
            }
            assertEquals("cpu (plain Java)", kernels[0]);
            assertTrue(kernels[1].startsWith("gpu: "), kernels[1]);
            assertEquals(objective[0], objective[1], 1e-9 * objective[0], nodes + " node(s): cpu vs gpu objective");
        }
    }
}

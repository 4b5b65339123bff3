package org.strads4j.apps.mf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.ignite.Ignition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.strads4j.api.BadInputException;
import org.strads4j.api.Evaluation;
import org.strads4j.api.JobSpec;
import org.strads4j.cli.Main;
import org.strads4j.cluster.EmbeddedCluster;
import org.strads4j.engine.JobRunner;
import org.strads4j.engine.RunListener;
import org.strads4j.kernel.Device;
import org.strads4j.kernel.Gpu;
import picocli.CommandLine;

/**
 * The MF kernels: {@link JavaMfKernel} does exactly the {@link CcdKernel} calls MF made before it
 * (bit for bit), on random blocks of several shapes; {@link CudaMfKernel} agrees with it within
 * 1e-12 relative (it is built to agree bit for bit), and whole runs with {@code --device gpu} reach
 * the test RMSE of {@code --device cpu} within 1e-6 on 1 and 3 nodes (the bundled synthetic set, so
 * that the test needs no shared data on a GPU machine). The GPU tests are skipped, saying why, where
 * no CUDA device is usable; the device policy and the checkpoints are tested everywhere.
 */
class MfKernelTest {
    private static final double TOLERANCE = 1e-12;

    @TempDir
    Path tmp;

    static Stream<Arguments> shapes() {
        return Stream.of(
                // name, users, items, userFrom, userTo, itemFrom, itemTo, density, empty rows
                Arguments.of("sparse 300 x 500 block of 1000 x 2000, 2%, empty rows", 1000, 2000, 200, 500, 700, 1200,
                        0.02, true),
                Arguments.of("one row and one column", 50, 70, 10, 11, 20, 21, 0.3, false),
                Arguments.of("dense 40 x 60", 40, 60, 0, 40, 0, 60, 1.0, false),
                Arguments.of("sparse 3000 x 4000, 0.3%", 3000, 4000, 0, 3000, 0, 4000, 0.003, false),
                Arguments.of("long rows 20 x 5000, 60%", 20, 5000, 0, 20, 0, 5000, 0.6, false),
                Arguments.of("no rows, some columns", 30, 40, 30, 30, 10, 25, 0.5, true));
    }

    /** A random shard of the block: its CSR rows and CSC columns drawn apart (the kernels need no more). */
    static MfShard shard(int users, int items, int userFrom, int userTo, int itemFrom, int itemTo, double density,
                         boolean emptyRows, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[][] rows = block(rnd, userTo - userFrom, items, density, emptyRows);
        int[][] cols = block(rnd, itemTo - itemFrom, users, density, emptyRows);
        double[] rowValue = values(rnd, rows[1].length);
        double[] colValue = values(rnd, cols[1].length);
        return new MfShard(users, items, userFrom, userTo, rows[0], rows[1], rowValue, itemFrom, itemTo, cols[0], cols[1],
                colValue, new int[0], new int[0], new double[0], new double[0]);
    }

    /** {ptr, idx} of {@code n} rows over {@code width} indices, ascending; with {@code empties} every 4th row empty. */
    private static int[][] block(SplittableRandom rnd, int n, int width, double density, boolean empties) {
        int[] ptr = new int[n + 1];
        List<Integer> idx = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            ptr[r] = idx.size();
            if (empties && r % 4 == 1) {
                continue;
            }
            for (int j = 0; j < width; j++) {
                if (density >= 1 || rnd.nextDouble() < density) {
                    idx.add(j);
                }
            }
        }
        ptr[n] = idx.size();
        return new int[][] {ptr, idx.stream().mapToInt(Integer::intValue).toArray()};
    }

    private static double[] values(SplittableRandom rnd, int n) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = 1 + rnd.nextInt(5) + (rnd.nextDouble() - 0.5) * 0.1;
        }
        return v;
    }

    private static double[] column(SplittableRandom rnd, int n, boolean zeros) {
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = zeros && i % 7 == 0 ? 0 : rnd.nextGaussian() * 0.3;
        }
        return c;
    }

    /**
     * The operations of CCD++ on {@code k} and on {@code other} alike, 30 rounds of them; after each,
     * {@code check} compares what they returned or hold.
     */
    private interface Check {
        void same(String what, double[] expected, double[] actual);
    }

    private static void play(MfShard s, MfKernel a, MfKernel b, Check check, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int rows = s.userTo() - s.userFrom();
        int cols = s.itemTo() - s.itemFrom();
        for (int round = 0; round < 30; round++) {
            double[] u = column(rnd, s.users(), round % 3 == 0);
            double[] v = column(rnd, s.items(), round % 5 == 0);
            String at = "round " + round;
            switch (rnd.nextInt(4)) {
                case 0 -> {
                    a.addOuter(u, v);
                    b.addOuter(u, v);
                }
                case 1 -> {
                    a.subtractOuter(u, v);
                    b.subtractOuter(u, v);
                }
                default -> {
                    a.addOuter(u, v);
                    b.addOuter(u, v);
                    double lambda = rnd.nextInt(5) == 0 ? 0 : rnd.nextDouble();
                    Regularizer reg = rnd.nextBoolean() ? Regularizer.PLAIN : Regularizer.WEIGHTED;
                    double[] w1 = new double[rows];
                    double[] w2 = new double[rows];
                    a.solve(FactorKeys.W, v, lambda, reg, w1);
                    b.solve(FactorKeys.W, v, lambda, reg, w2);
                    check.same(at + " solve W (" + reg + ", lambda " + lambda + ")", w1, w2);
                    double[] h1 = new double[cols];
                    double[] h2 = new double[cols];
                    a.solve(FactorKeys.H, u, lambda, reg, h1);
                    b.solve(FactorKeys.H, u, lambda, reg, h2);
                    check.same(at + " solve H (" + reg + ", lambda " + lambda + ")", h1, h2);
                    a.subtractOuter(u, v);
                    b.subtractOuter(u, v);
                }
            }
            check.same(at + " row residual", a.rowResidual(), b.rowResidual());
            check.same(at + " column residual", a.colResidual(), b.colResidual());
        }
        double[] row = a.rowResidual();
        double[] col = a.colResidual();
        if (row.length > 0) {
            row[0] += 1;
        }
        a.residuals(row, col);
        b.residuals(row, col);
        check.same("restored row residual", a.rowResidual(), b.rowResidual());
        check.same("restored column residual", a.colResidual(), b.colResidual());
        double[] v = column(rnd, s.items(), false);
        double[] w1 = new double[rows];
        double[] w2 = new double[rows];
        a.solve(FactorKeys.W, v, 0.1, Regularizer.WEIGHTED, w1);
        b.solve(FactorKeys.W, v, 0.1, Regularizer.WEIGHTED, w2);
        check.same("solve after the restore", w1, w2);
    }

    /** The calls MfUpdate made before the kernels: CcdKernel on two arrays of its own. */
    private static final class Direct implements MfKernel {
        private final MfShard s;
        private final double[] row;
        private final double[] col;

        Direct(MfShard s) {
            this.s = s;
            this.row = s.rowValue().clone();
            this.col = s.colValue().clone();
        }

        public void addOuter(double[] u, double[] v) {
            CcdKernel.addOuter(s.rowPtr(), s.rowItem(), row, s.userFrom(), u, v);
            CcdKernel.addOuter(s.colPtr(), s.colUser(), col, s.itemFrom(), v, u);
        }

        public void subtractOuter(double[] u, double[] v) {
            CcdKernel.subtractOuter(s.rowPtr(), s.rowItem(), row, s.userFrom(), u, v);
            CcdKernel.subtractOuter(s.colPtr(), s.colUser(), col, s.itemFrom(), v, u);
        }

        public void solve(int side, double[] other, double lambda, Regularizer reg, double[] out) {
            if (side == FactorKeys.W) {
                CcdKernel.solve(s.rowPtr(), s.rowItem(), row, other, lambda, reg, out);
            } else {
                CcdKernel.solve(s.colPtr(), s.colUser(), col, other, lambda, reg, out);
            }
        }

        public double[] rowResidual() {
            return row.clone();
        }

        public double[] colResidual() {
            return col.clone();
        }

        public void residuals(double[] r, double[] c) {
            System.arraycopy(r, 0, row, 0, r.length);
            System.arraycopy(c, 0, col, 0, c.length);
        }

        public String describe() {
            return "direct";
        }

        public void close() {
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void javaKernelMakesExactlyTheCcdKernelCalls(String shape, int users, int items, int userFrom, int userTo,
                                                  int itemFrom, int itemTo, double density, boolean empties) {
        MfShard s = shard(users, items, userFrom, userTo, itemFrom, itemTo, density, empties, users * 31L + items);
        try (MfKernel java = new JavaMfKernel(s, s.rowValue().clone(), s.colValue().clone())) {
            play(s, new Direct(s), java, (what, e, a) -> assertArrayEquals(e, a, 0.0, shape + ": " + what), 3);
            assertEquals("cpu (plain Java)", java.describe());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void cudaKernelMatchesTheJavaKernel(String shape, int users, int items, int userFrom, int userTo, int itemFrom,
                                        int itemTo, double density, boolean empties) {
        assumeTrue(Gpu.available(), () -> "no usable CUDA device, GPU kernel not tested: " + Gpu.whyNot());
        MfShard s = shard(users, items, userFrom, userTo, itemFrom, itemTo, density, empties, users * 31L + items);
        int[] exact = new int[2];
        try (MfKernel java = new JavaMfKernel(s, s.rowValue().clone(), s.colValue().clone());
             MfKernel cuda = new CudaMfKernel(s, s.rowValue().clone(), s.colValue().clone())) {
            assertTrue(cuda.describe().startsWith("gpu: "), cuda.describe());
            play(s, java, cuda, (what, e, a) -> {
                close(shape + ": " + what, e, a);
                exact[Arrays.equals(e, a) ? 0 : 1]++;
            }, 3);
        }
        // built to be bit-identical (no FMA, the Java loops' order): say so when it is not
        System.out.printf("%s: %d of %d comparisons bit-identical%n", shape, exact[0], exact[0] + exact[1]);
    }

    private static void close(String what, double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, what);
        double scale = 1e-300;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - actual[i]);
            int at = i;
            assertTrue(d <= TOLERANCE * scale, () -> what + " [" + at + "]: java " + expected[at] + ", cuda " + actual[at]);
        }
    }

    static JobSpec spec(String schedule, int nodes, Device device) {
        MfOptions o = new MfOptions(null, null, 8, 0.05, Regularizer.PLAIN, 4, 2);
        long perIteration = o.roundsPerIteration(schedule);
        return JobSpec.defaults("mf").withSchedule(schedule).withNodes(nodes).withSeed(5).withTolerance(0)
                .withMaxRounds(o.iterations() * perIteration).withEvalEvery((int) perIteration)
                .withParams(o.toParams()).withParams(Map.of(Device.PARAM, device.option()));
    }

    @Test
    void wholeRunsOnEachDeviceReachTheSameTestRmse() {
        assumeTrue(Gpu.available(), () -> "no usable CUDA device, GPU runs not tested: " + Gpu.whyNot());
        for (int nodes : List.of(1, 3)) {
            double[] rmse = new double[2];
            double[] objective = new double[2];
            String[] kernels = new String[2];
            try (EmbeddedCluster c = EmbeddedCluster.start(nodes)) {
                int i = 0;
                for (Device d : List.of(Device.CPU, Device.GPU)) {
                    JobRunner.Run run = JobRunner.run(c, new MfApp().plan(spec(JobSpec.MODEL_PARALLEL, nodes, d)),
                            RunListener.none(), null);
                    rmse[i] = run.result().last().metric("testRmse");
                    objective[i] = run.result().last().objective();
                    kernels[i] = String.valueOf(((Map<?, ?>) run.summary().get("provenance")).get("kernels"));
                    i++;
                }
            }
            System.out.printf("%d node(s): cpu test RMSE %s, objective %s; gpu %s, %s (%s)%n", nodes, rmse[0],
                    objective[0], rmse[1], objective[1], kernels[1]);
            assertEquals("cpu (plain Java)", kernels[0]);
            assertTrue(kernels[1].startsWith("gpu: "), kernels[1]);
            assertEquals(rmse[0], rmse[1], 1e-6, nodes + " node(s): cpu vs gpu test RMSE");
            assertEquals(objective[0], objective[1], 1e-9 * objective[0], nodes + " node(s): cpu vs gpu objective");
        }
    }

    @Test
    void gpuIsRefusedUnderTheSchedulesWithCpuKernelsOnly() {
        assertTrue(new MfApp().hasGpuKernels());
        for (String schedule : List.of(JobSpec.DATA_PARALLEL, JobSpec.PARAM_SERVER)) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> new MfApp().plan(spec(schedule, 2, Device.GPU)));
            assertTrue(e.getMessage().startsWith("Invalid --device: gpu (mf's " + schedule + " schedule has CPU"
                    + " kernels only"), e.getMessage());
            // and through the command line: exit 2, before the device is looked for or anything written
            Path out = tmp.resolve("never-" + schedule);
            StringWriter err = new StringWriter();
            CommandLine cl = Main.commandLine();
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute("run", "mf", "--schedule", schedule, "--device", "gpu", "--iterations", "1",
                    "--out", out.toString());
            assertEquals(2, code, err.toString());
            assertTrue(err.toString().contains("Invalid --device: gpu (mf's " + schedule + " schedule has CPU kernels"
                    + " only"), err.toString());
            assertFalse(err.toString().contains("cluster up"), err.toString());
            assertFalse(Files.exists(out), "output left at " + out);
        }
        // cpu and auto run every schedule (planned here, not run)
        for (String schedule : JobSpec.SCHEDULES) {
            new MfApp().plan(spec(schedule, 2, Device.CPU));
            new MfApp().plan(spec(schedule, 2, Device.AUTO));
        }
    }

    @Test
    void gpuUnderModelParallelNeedsADevice() {
        assumeTrue(!Gpu.available(), "this node has a CUDA device");
        Path out = tmp.resolve("never");
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertEquals(2, cl.execute("run", "mf", "--device", "gpu", "--iterations", "1", "--out", out.toString()),
                err.toString());
        assertTrue(err.toString().contains("Invalid --device: gpu (" + Gpu.whyNot()), err.toString());
        assertFalse(Files.exists(out), "output left at " + out);
    }

    @Test
    void aCheckpointRestoresTheResidualsExactly() {
        Ratings[] split = new SyntheticRatings(80, 120, 3, 0.2, 3.0, 0.2, 9L).generate(0.2);
        MfData data = MfData.of(split[0], split[1]);
        MfOptions o = new MfOptions(null, null, 4, 0.05, Regularizer.WEIGHTED, 3, 2);
        JobSpec spec = MfLowRankTest.spec(o, 3).withParams(Map.of(Device.PARAM, "cpu"));
        InProcessRun straight = new InProcessRun(MfApp.plan(spec, o, data, "")).run();
        long rounds = spec.maxRounds();
        // restored mid-feature (a feature open, its residuals holding R^) and between features
        for (long at : new long[] {rounds / 2 + 1, o.roundsPerIteration()}) {
            InProcessRun resumed = new InProcessRun(MfApp.plan(spec, o, data, ""));
            resumed.runTo(at);
            double[][] before = new double[resumed.workers.length][];
            for (int w = 0; w < before.length; w++) {
                before[w] = resumed.job().evaluate().partial(resumed.workers[w]);
            }
            double[][] after = resumed.checkpointAndRestore();
            for (int w = 0; w < before.length; w++) {
                assertArrayEquals(before[w], after[w], 0.0, "worker " + w + "'s evaluation after the restore");
            }
            resumed.run();
            assertEquals(straight.store.keySet(), resumed.store.keySet());
            for (Long key : straight.store.keySet()) {
                assertArrayEquals((double[]) straight.store.get(key), (double[]) resumed.store.get(key), 0.0,
                        "restored at round " + at + ": column " + key);
            }
            assertEquals(straight.last().objective(), resumed.last().objective(), 0.0);
        }
    }

    @Test
    void aCheckpointOfTheWholeLocalStateStillRestores() {
        // checkpoints written before the kernels saved the node-local map, whose MfState held the
        // residuals: a worker restored from one makes its kernel from them
        Ratings[] split = new SyntheticRatings(60, 90, 3, 0.25, 3.0, 0.2, 4L).generate(0.2);
        MfData data = MfData.of(split[0], split[1]);
        MfOptions o = new MfOptions(null, null, 3, 0.05, Regularizer.PLAIN, 3, 2);
        JobSpec spec = MfLowRankTest.spec(o, 2);
        InProcessRun straight = new InProcessRun(MfApp.plan(spec, o, data, "")).run();
        InProcessRun resumed = new InProcessRun(MfApp.plan(spec, o, data, ""));
        resumed.runTo(spec.maxRounds() / 2 + 1);
        for (int w = 0; w < resumed.workers.length; w++) {
            InProcessRun.Worker old = resumed.workers[w];
            MfState st = (MfState) InProcessRun.roundTrip(((MfUpdate) resumed.job().update()).saveState(old));
            InProcessRun.Worker fresh = new InProcessRun.Worker(w, resumed.workers.length, old.shard);
            fresh.local.put(MfUpdate.STATE, st);   // as WorkerRuntime restores a whole local map
            resumed.workers[w] = fresh;
        }
        resumed.run();
        for (Long key : straight.store.keySet()) {
            assertArrayEquals((double[]) straight.store.get(key), (double[]) resumed.store.get(key), 0.0, "column " + key);
        }
    }

    /** Stops node 2 of the cluster (a worker, not the coordinator's node) once round {@code at} is evaluated. */
    private static final class NodeKiller implements RunListener {
        private final EmbeddedCluster cluster;
        private final long at;
        final AtomicBoolean killed = new AtomicBoolean();
        final AtomicLong recoveredFrom = new AtomicLong(-1);

        NodeKiller(EmbeddedCluster cluster, long at) {
            this.cluster = cluster;
            this.at = at;
        }

        @Override
        public void evaluated(long round, long updates, double seconds, Evaluation e) {
            if (round >= at && killed.compareAndSet(false, true)) {
                String name = cluster.nodes().get(2).name();
                Thread t = new Thread(() -> Ignition.stop(name, true), "node-killer");
                t.start();
                try {
                    t.join();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void recovering(long round, String cause) {
            recoveredFrom.set(round);
        }
    }

    /**
     * A worker node lost mid-job: the workers reinstalled from the last checkpoint make their
     * kernels (on the device the job names) from the saved residuals, and the job ends with the
     * factors of the run without the failure. On the CPU here, on the GPU too where there is one.
     */
    @Test
    void aLostNodeIsRecoveredFromTheCheckpointedResiduals() throws Exception {
        List<Device> devices = Gpu.available() ? List.of(Device.CPU, Device.GPU) : List.of(Device.CPU);
        for (Device d : devices) {
            JobSpec spec = new JobSpec("mf", JobSpec.MODEL_PARALLEL, 3, 3, 5 * 2 * 5 * 3, 0.0, 0, 50,
                    Map.of("rank", 5L, "iterations", 3L, Device.PARAM, d.option())).withCheckpointEvery(40).withBackups(1);
            Path clean = tmp.resolve(d.option() + "-clean");
            Path recovered = tmp.resolve(d.option() + "-recovered");
            for (boolean kill : new boolean[] {false, true}) {
                try (EmbeddedCluster cluster = EmbeddedCluster.start(3)) {
                    NodeKiller killer = new NodeKiller(cluster, kill ? 100 : Long.MAX_VALUE);
                    JobRunner.run(cluster, new MfApp().plan(spec), killer, kill ? recovered : clean);
                    if (kill) {
                        assertTrue(killer.killed.get(), "the node was stopped");
                        assertTrue(killer.recoveredFrom.get() > 0 && killer.recoveredFrom.get() < 100,
                                "recovered from a checkpoint taken mid-job, before the failure: "
                                        + killer.recoveredFrom.get());
                    }
                }
            }
            assertEquals(Files.readString(clean.resolve("W.txt")), Files.readString(recovered.resolve("W.txt")),
                    d + ": the same factors");
            assertEquals(Files.readString(clean.resolve("H.txt")), Files.readString(recovered.resolve("H.txt")),
                    d + ": the same factors");
        }
    }
}

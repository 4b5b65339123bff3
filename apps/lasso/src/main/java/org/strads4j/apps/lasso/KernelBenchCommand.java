package org.strads4j.apps.lasso;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.strads4j.api.Batch;
import org.strads4j.cli.KernelTiming;
import org.strads4j.io.Json;
import org.strads4j.io.LibsvmReader;
import org.strads4j.kernel.Gpu;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code strads bench kernels}: the Lasso kernels, Java against CUDA (where this node has a device)
 * and against CPU BLAS through ND4J (where the shard is dense), on one shard in this JVM (no
 * cluster): a round's dot products {@code x_j^T r} for U coordinates, a commit's residual update
 * {@code r -= X_S delta_S}, and an evaluation's {@code [r^T r, r^T y, X^T r]}. Each is timed as the
 * median of {@code --repeat} runs after a warm-up, and each CUDA or BLAS result is compared with
 * the Java one first (the largest relative difference is printed). With {@code --data}, the
 * working-set Gram block {@code X_W^T X_W} too, Java against BLAS, for {@code --gram} set sizes.
 * One JSON document on stdout.
 */
@Command(name = "kernels", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Lasso kernels: plain Java against CUDA (JCuda) and CPU BLAS (ND4J) on one shard, side by side.")
public final class KernelBenchCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "FILE", description = "LIBSVM data (default: a synthetic sparse problem).")
    Path data;

    @Option(names = "--rows", paramLabel = "N", description = "Synthetic rows (default: ${DEFAULT-VALUE}).")
    int rows = 10_000;

    @Option(names = "--columns", paramLabel = "P", description = "Synthetic columns (default: ${DEFAULT-VALUE}).")
    int columns = 1_000_000;

    @Option(names = "--density", paramLabel = "D", description = "Synthetic density (default: ${DEFAULT-VALUE}).")
    double density = 0.001;

    @Option(names = "--batch", split = ",", paramLabel = "U", description = "Coordinates per round and per commit (default: ${DEFAULT-VALUE}).")
    List<Integer> batch = List.of(1024, 16384, 131072);

    @Option(names = "--repeat", paramLabel = "K", description = "Timed runs of each kernel (default: ${DEFAULT-VALUE}).")
    int repeat = 20;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the data and the coordinates (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--gram", split = ",", paramLabel = "M", description = "Working-set sizes for the Gram block X_W^T X_W, Java against ND4J (with --data only; default: ${DEFAULT-VALUE}).")
    List<Integer> gram = List.of(100, 1000);

    @Override
    public Integer call() throws Exception {
        LassoData whole = data == null ? null : LassoData.of(LibsvmReader.read(data));
        LassoShard shard = whole == null ? synthetic(rows, columns, density, seed) : whole.shards(1).get(0);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("data", data == null ? String.format(Locale.ROOT, "synthetic n=%d p=%d density=%s seed=%d", rows,
                columns, density, seed) : data.toString());
        out.put("rows", shard.rows());
        out.put("columns", shard.columns());
        out.put("nonzeros", shard.vals().length);
        out.put("gpu", Gpu.available() ? Gpu.device() : "none: " + Gpu.whyNot());
        List<LassoKernel> kernels = new ArrayList<>();
        kernels.add(new JavaLassoKernel(shard, shard.y().clone()));
        if (Gpu.available()) {
            kernels.add(new CudaLassoKernel(shard, shard.y().clone()));
        }
        if (Nd4jLassoKernel.whyNot(shard) == null) {
            kernels.add(new Nd4jLassoKernel(shard, shard.y().clone()));
        } else {
            out.put("nd4j", "not run: " + Nd4jLassoKernel.whyNot(shard));
        }
        Map<String, Map<String, Double>> ms = new LinkedHashMap<>();
        Map<String, Double> differences = new LinkedHashMap<>();
        double[][] reference = null;
        for (LassoKernel k : kernels) {
            String name = k instanceof CudaLassoKernel ? "cuda" : k instanceof Nd4jLassoKernel ? "nd4j" : "java";
            Map<String, Double> t = new LinkedHashMap<>();
            for (int u : batch) {
                SplittableRandom rnd = new SplittableRandom(seed + u);
                long[] keys = new long[Math.min(u, shard.columns())];
                for (int i = 0; i < keys.length; i++) {
                    keys[i] = rnd.nextInt(shard.columns());
                }
                double[] deltas = new double[keys.length];
                for (int i = 0; i < deltas.length; i++) {
                    deltas[i] = 1e-3 * (rnd.nextDouble() - 0.5);
                }
                Batch commit = Batch.of(keys, deltas, 1);
                Batch undo = Batch.of(keys, negate(deltas), 1);
                double[] dots = new double[keys.length];
                if (u == batch.get(0)) {
                    k.apply(commit);
                    k.dots(keys, dots);
                    double[][] now = {dots.clone(), k.partial(), k.residual()};
                    k.apply(undo);
                    if (reference == null) {
                        reference = now;
                    } else {
                        differences.put(name + " dots", KernelTiming.relDiff(reference[0], now[0]));
                        differences.put(name + " partial", KernelTiming.relDiff(reference[1], now[1]));
                        differences.put(name + " residual", KernelTiming.relDiff(reference[2], now[2]));
                    }
                }
                t.put("dots U=" + u, KernelTiming.medianMillis(repeat, () -> k.dots(keys, dots)));
                t.put("apply U=" + u, KernelTiming.medianMillis(repeat, () -> {
                    k.apply(commit);
                    k.apply(undo);
                }) / 2);
            }
            t.put("partial (X^T r, r^T r, r^T y)", KernelTiming.medianMillis(repeat, k::partial));
            ms.put(name, t);
            k.close();
        }
        if (whole != null) {
            gramBench(whole, ms, differences);
        }
        if (!differences.isEmpty()) {
            out.put("maxRelativeDifference", differences);
        }
        out.put("ms", ms);
        for (String other : List.of("cuda", "nd4j")) {
            if (ms.containsKey(other)) {
                Map<String, Double> speedup = new LinkedHashMap<>();
                for (String op : ms.get(other).keySet()) {
                    Double java = ms.get("java").get(op);
                    if (java != null) {
                        speedup.put(op, java / ms.get(other).get(op));
                    }
                }
                out.put(other + "Speedup", speedup);
            }
        }
        System.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        return 0;
    }

    /** The working-set Gram block on the first M columns of a random permutation: Java against ND4J. */
    private void gramBench(LassoData whole, Map<String, Map<String, Double>> ms, Map<String, Double> differences) {
        int[] perm = org.strads4j.api.Permutation.of(whole.columns(), seed);
        for (int m0 : gram) {
            int m = Math.min(m0, whole.columns());
            int[] w = java.util.Arrays.copyOf(perm, m);
            double[] a = new double[m * m];
            double[] b = new double[m * m];
            whole.gram(w, m, a);
            BlasGram.gram(whole, w, m, b);
            differences.put("nd4j gram M=" + m, KernelTiming.relDiff(a, b));
            ms.get("java").put("gram M=" + m, KernelTiming.medianMillis(repeat, () -> whole.gram(w, m, a)));
            ms.computeIfAbsent("nd4j", k -> new LinkedHashMap<>()).put("gram M=" + m, KernelTiming.medianMillis(repeat, () -> BlasGram.gram(whole, w, m, b)));
        }
    }

    private static double[] negate(double[] a) {
        double[] b = a.clone();
        for (int i = 0; i < b.length; i++) {
            b[i] = -b[i];
        }
        return b;
    }

    /**
     * A seeded sparse shard: each column has {@code round(density * rows)} (at least 1) distinct
     * rows, values normal, targets normal.
     */
    static LassoShard synthetic(int n, int p, double density, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int perColumn = Math.max(1, (int) Math.round(density * n));
        perColumn = Math.min(perColumn, n);
        int[] colPtr = new int[p + 1];
        int[] rowIdx = new int[Math.multiplyExact(p, perColumn)];
        double[] vals = new double[rowIdx.length];
        int at = 0;
        java.util.BitSet taken = new java.util.BitSet(n);
        for (int j = 0; j < p; j++) {
            colPtr[j] = at;
            int start = at;
            while (at - start < perColumn) {
                int i = rnd.nextInt(n);
                if (!taken.get(i)) {
                    taken.set(i);
                    rowIdx[at] = i;
                    vals[at] = gaussian(rnd);
                    at++;
                }
            }
            for (int k = start; k < at; k++) {
                taken.clear(rowIdx[k]);
            }
            java.util.Arrays.sort(rowIdx, start, at);
        }
        colPtr[p] = at;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = gaussian(rnd);
        }
        return new LassoShard(n, colPtr, rowIdx, vals, y);
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}

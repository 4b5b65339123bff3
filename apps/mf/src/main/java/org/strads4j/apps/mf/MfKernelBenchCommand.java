package org.strads4j.apps.mf;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.strads4j.io.Json;
import org.strads4j.kernel.Gpu;
import org.strads4j.cli.KernelTiming;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code strads bench mf-kernels}: MF's kernels on one shard in this JVM (no cluster), side by side:
 * <ul>
 *   <li>CCD++ ({@link MfKernel}): a feature's rank-one update of both residual copies and the
 *       solves of both sides, plain Java against CUDA where this node has a device; each CUDA result
 *       is compared with the Java one first;</li>
 *   <li>ALS (the data-parallel schedule, {@link AlsMf}): every user's normal equations
 *       {@code (H_u^T H_u + lambda c_u I) w_u = H_u^T r_u} and their solves, plain Java loops
 *       against ND4J (a gather of the user's item rows and one gemm and one gemv per user, the same
 *       Cholesky solve).</li>
 * </ul>
 * Each figure is the median of {@code --repeat} runs after three warm-ups, in ms. One JSON document
 * on stdout.
 */
@Command(name = "mf-kernels", mixinStandardHelpOptions = true, sortOptions = false,
        description = "MF kernels: CCD++ plain Java against CUDA, ALS normal equations plain Java against ND4J.")
public final class MfKernelBenchCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR", description = "Directory with train.tsv and test.tsv (default: <shared>/data/mf/movielens_small).")
    Path data;

    @Option(names = "--rank", description = "Rank (default: ${DEFAULT-VALUE}).")
    int rank = 10;

    @Option(names = "--lambda", description = "Regularisation weight (default: ${DEFAULT-VALUE}).")
    double lambda = 0.1;

    @Option(names = "--repeat", paramLabel = "K", description = "Timed runs of each kernel (default: ${DEFAULT-VALUE}).")
    int repeat = 21;

    @Override
    public Integer call() throws Exception {
        Path shared = Path.of(System.getProperty("strads.shared", "../shared"));
        Path dir = data != null ? data : shared.resolve("data/mf/movielens_small");
        MfData d = MfData.of(RatingsReader.read(dir.resolve("train.tsv")), RatingsReader.read(dir.resolve("test.tsv")));
        MfShard s = d.shards(1, d.initialItemFactors(rank, 1))[0];
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("data", dir.toString());
        out.put("users", s.users());
        out.put("items", s.items());
        out.put("ratings", s.rowValue().length);
        out.put("rank", rank);
        out.put("gpu", Gpu.available() ? Gpu.device() : "none: " + Gpu.whyNot());
        SplittableRandom rnd = new SplittableRandom(1);
        double[] u = new double[s.users()];
        double[] v = new double[s.items()];
        for (int i = 0; i < u.length; i++) {
            u[i] = rnd.nextDouble() - 0.5;
        }
        for (int j = 0; j < v.length; j++) {
            v[j] = rnd.nextDouble() - 0.5;
        }
        Map<String, Map<String, Double>> ms = new LinkedHashMap<>();
        Map<String, Double> differences = new LinkedHashMap<>();
        ms.put("java", ccd(new JavaMfKernel(s, s.rowValue().clone(), s.colValue().clone()), s, u, v, null, differences));
        if (Gpu.available()) {
            double[][] reference = results(new JavaMfKernel(s, s.rowValue().clone(), s.colValue().clone()), s, u, v);
            ms.put("cuda", ccd(new CudaMfKernel(s, s.rowValue().clone(), s.colValue().clone()), s, u, v, reference,
                    differences));
        }
        // the item factors item-major (h[j * rank + t]), as ALS keeps them (LocalFactors)
        double[] h0 = s.h0();
        double[] h = new double[h0.length];
        for (int t = 0; t < rank; t++) {
            for (int j = 0; j < s.items(); j++) {
                h[j * rank + t] = h0[t * s.items() + j];
            }
        }
        double[] wJava = new double[s.users() * rank];
        double[] wBlas = new double[s.users() * rank];
        ms.get("java").put("ALS user solves", KernelTiming.medianMillis(repeat, () -> alsJava(s, h, wJava)));
        ms.computeIfAbsent("nd4j", k -> new LinkedHashMap<>()).put("ALS user solves", KernelTiming.medianMillis(repeat, () -> alsNd4j(s, h, wBlas)));
        differences.put("nd4j ALS user factors", KernelTiming.relDiff(wJava, wBlas));
        out.put("maxRelativeDifference", differences);
        out.put("ms", ms);
        for (String other : new String[] {"cuda", "nd4j"}) {
            if (ms.containsKey(other)) {
                Map<String, Double> speedup = new LinkedHashMap<>();
                for (Map.Entry<String, Double> e : ms.get(other).entrySet()) {
                    speedup.put(e.getKey(), ms.get("java").get(e.getKey()) / e.getValue());
                }
                out.put(other + "Speedup", speedup);
            }
        }
        System.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        return 0;
    }

    /** Times a feature's open (both copies), both solves and its close, on kernel {@code k}; closes it. */
    private Map<String, Double> ccd(MfKernel k, MfShard s, double[] u, double[] v, double[][] reference,
                                    Map<String, Double> differences) {
        try (k) {
            if (reference != null) {
                double[][] now = results(k, s, u, v);
                String[] names = {"solve W", "solve H", "row residual", "column residual"};
                for (int i = 0; i < names.length; i++) {
                    differences.put("cuda " + names[i], KernelTiming.relDiff(reference[i], now[i]));
                }
            }
            double[] outW = new double[s.userTo() - s.userFrom()];
            double[] outH = new double[s.itemTo() - s.itemFrom()];
            Map<String, Double> t = new LinkedHashMap<>();
            t.put("CCD++ rank-one update, both copies (add + subtract)", KernelTiming.medianMillis(repeat, () -> {
                k.addOuter(u, v);
                k.subtractOuter(u, v);
            }) / 2);
            t.put("CCD++ solve W (rows)", KernelTiming.medianMillis(repeat, () -> k.solve(FactorKeys.W, v, lambda, Regularizer.WEIGHTED, outW)));
            t.put("CCD++ solve H (columns)", KernelTiming.medianMillis(repeat, () -> k.solve(FactorKeys.H, u, lambda, Regularizer.WEIGHTED, outH)));
            return t;
        }
    }

    /** One feature's open, both solves and the residuals, for the comparison. */
    private double[][] results(MfKernel k, MfShard s, double[] u, double[] v) {
        double[] outW = new double[s.userTo() - s.userFrom()];
        double[] outH = new double[s.itemTo() - s.itemFrom()];
        k.addOuter(u, v);
        k.solve(FactorKeys.W, v, lambda, Regularizer.WEIGHTED, outW);
        k.solve(FactorKeys.H, u, lambda, Regularizer.WEIGHTED, outH);
        double[][] r = {outW, outH, k.rowResidual(), k.colResidual()};
        k.subtractOuter(u, v);
        return r;
    }

    /** Every user's ALS normal equations and solve from item-major factors: AlsMf's worker step itself. */
    private void alsJava(MfShard s, double[] itemMajor, double[] w) {
        double[] a = new double[rank * rank];
        double[] b = new double[rank];
        for (int row = 0; row < s.rowPtr().length - 1; row++) {
            AlsMf.Update.solveUser(row, s.rowPtr(), s.rowItem(), s.rowValue(), itemMajor, rank, lambda,
                    Regularizer.WEIGHTED, a, b, w);
        }
    }

    /** The same with ND4J: per user a gather of its item rows, one gemm and one gemv. */
    private void alsNd4j(MfShard s, double[] itemMajor, double[] w) {
        int k = rank;
        int items = s.items();
        int[] ptr = s.rowPtr();
        int[] item = s.rowItem();
        double[] value = s.rowValue();
        try (INDArray hm = Nd4j.create(itemMajor, new long[] {items, k}, 'c')) {
            for (int row = 0; row < ptr.length - 1; row++) {
                int count = ptr[row + 1] - ptr[row];
                if (count == 0) {
                    continue;
                }
                int[] mine = Arrays.copyOfRange(item, ptr[row], ptr[row + 1]);
                double[] r = Arrays.copyOfRange(value, ptr[row], ptr[row + 1]);
                try (INDArray hu = Nd4j.pullRows(hm, 1, mine);
                     INDArray ru = Nd4j.create(r, new long[] {count, 1}, 'c');
                     INDArray gram = hu.transpose().mmul(hu);
                     INDArray rhs = hu.transpose().mmul(ru)) {
                    double[] a = gram.dup('c').data().asDouble();
                    double[] b = rhs.dup('c').data().asDouble();
                    AlsMf.Cholesky.solve(a, b, lambda * Regularizer.WEIGHTED.weight(count), k);
                    System.arraycopy(b, 0, w, row * k, k);
                }
            }
        }
    }
}

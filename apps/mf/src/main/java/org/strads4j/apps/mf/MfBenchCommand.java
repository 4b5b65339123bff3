package org.strads4j.apps.mf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strads4j.api.BadInputException;
import org.strads4j.api.Job;
import org.strads4j.api.JobSpec;
import org.strads4j.cli.ExecutionOptions;
import org.strads4j.cli.JobLauncher;
import org.strads4j.cli.Progress;
import org.strads4j.cluster.EmbeddedCluster;
import org.strads4j.engine.JobRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code strads bench mf}: Strads4J CCD++ beside the numpy ALS reference ({@code mf_ref.py}) and,
 * when given its class path, Spark MLlib ALS ({@code SparkAlsBench}, built by the
 * {@code bench-spark} Maven profile), on the same split, rank, regularisation and iterations, in
 * one run. Prints seconds per iteration and the time to reach a test RMSE. Not a test: figures
 * depend on the machine.
 */
@Command(name = "mf", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Benchmark CCD++ beside numpy ALS (mf_ref.py) and, optionally, Spark MLlib ALS.")
final class MfBenchCommand implements Callable<Integer> {
    private static final Pattern SWEEP = Pattern.compile(
            "sweep\\s+(\\d+): objective=(\\S+) train RMSE=(\\S+) test RMSE=(\\S+)\\s+elapsed=(\\S+)s");
    private static final Pattern SPARK = Pattern.compile(
            "spark maxIter=(\\d+) fit=(\\S+) objective=(\\S+) trainRmse=(\\S+) testRmse=(\\S+)");

    @Option(names = "--data", paramLabel = "DIR", description = "Directory with train.tsv and test.tsv (default: <shared>/data/mf/movielens_small).")
    Path data;

    @Option(names = "--rank", description = "Rank (default: ${DEFAULT-VALUE}).")
    int rank = 10;

    @Option(names = "--lambda", description = "Regularisation weight (default: ${DEFAULT-VALUE}).")
    double lambda = 0.1;

    @Option(names = "--reg", description = "plain or weighted (default: ${DEFAULT-VALUE}).")
    String reg = "weighted";

    @Option(names = "--iterations", description = "Iterations / sweeps / maxIter (default: ${DEFAULT-VALUE}).")
    int iterations = 20;

    @Option(names = "--inner", description = "CCD++ inner iterations (default: ${DEFAULT-VALUE}).")
    int inner = MfOptions.DEFAULT_INNER;

    @Option(names = "--nodes", split = ",", description = "Node counts to run Strads4J on (default: 1,3).")
    int[] nodes = {1, 3};

    @Option(names = "--target", description = "Test RMSE to time (default: ${DEFAULT-VALUE}).")
    double target = 0.93;

    @Option(names = "--python", description = "Python with numpy for mf_ref.py; 'none' skips it (default: ${DEFAULT-VALUE}).")
    String python = "/usr/bin/python3";

    @Option(names = "--reference", paramLabel = "FILE", description = "mf_ref.py (default: <shared>/reference/mf_ref.py).")
    Path reference;

    @Option(names = "--spark-classpath", paramLabel = "FILE",
            description = "File holding the class path of SparkAlsBench (see apps/mf/bench/run_bench.sh); absent: no Spark run.")
    Path sparkClasspath;

    @Option(names = "--repeats", description = "Runs of each solver (each Spark fit); the table shows medians (default: ${DEFAULT-VALUE}).")
    int repeats = 1;

    @Option(names = "--spark-iterations", split = ",", description = "Spark maxIter values to fit, one fit each (default: 1,2,3,5,10,20).")
    int[] sparkIterations = {1, 2, 3, 5, 10, 20};

    @Override
    public Integer call() throws Exception {
        Path shared = Path.of(System.getProperty("strads.shared", "../shared"));
        Path dir = data != null ? data : shared.resolve("data/mf/movielens_small");
        Path ref = reference != null ? reference : shared.resolve("reference/mf_ref.py");
        MfOptions o = new MfOptions(dir.resolve("train.tsv"), dir.resolve("test.tsv"), rank, lambda,
                Regularizer.parse(reg), iterations, inner);
        List<String> rows = new ArrayList<>();
        for (int n : nodes) {
            rows.add(strads(o, n));
        }
        if (!"none".equals(python)) {
            rows.add(numpy(dir, ref));
        }
        if (sparkClasspath != null) {
            rows.addAll(spark(dir));
        }
        System.out.printf(Locale.ROOT, "%n## MF bench: %s, rank %d, lambda %s (%s), %d iterations%n", dir, rank,
                lambda, reg, iterations);
        System.out.println("| solver | iterations | seconds | s/iteration | objective | train RMSE | test RMSE | "
                + "time to test RMSE <= " + target + " |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        return 0;
    }

    private String strads(MfOptions o, int n) {
        ExecutionOptions exec = new ExecutionOptions();
        exec.nodes = n;
        exec.quiet = true;
        JobSpec spec = MfRunCommand.spec(o, exec);
        double[] secs = new double[repeats];
        double[] reach = new double[repeats];
        String reachAt = "not reached";
        JobRunner.Run run = null;
        for (int rep = 0; rep < repeats; rep++) {
            Job job = JobLauncher.app("mf").plan(spec);
            try (Progress progress = Progress.forCommand(false, System.err)) {
                progress.note("starting " + n + " Ignite node" + (n == 1 ? "" : "s") + "...");
                try (EmbeddedCluster cluster = EmbeddedCluster.start(n)) {
                    run = JobRunner.run(cluster, job, progress.job("mf " + n + " node" + (n == 1 ? "" : "s") + " run "
                            + (rep + 1) + "/" + repeats, spec), null);
                }
            }
            secs[rep] = run.result().seconds();
            reach[rep] = Double.NaN;
            for (Map<String, Object> row : run.result().metrics()) {
                Object t = row.get("testRmse");
                if (t instanceof Double d && d <= target) {
                    reach[rep] = (Double) row.get("seconds");
                    reachAt = "iteration " + fmtIteration(row.get("iteration"));
                    break;
                }
            }
            System.err.printf(Locale.ROOT, "strads %d node(s), run %d: %.2f s, test RMSE %.4f, time to %s: %.2f s%n", n,
                    rep + 1, secs[rep], run.result().last().metric("testRmse"), target, reach[rep]);
        }
        double sec = median(secs);
        double at = median(reach);
        return String.format(Locale.ROOT, "| Strads4J CCD++ (inner %d), %d node%s | %d | %.2f | %.3f | %.2f | %.4f | %.4f | %s |",
                o.inner(), n, n == 1 ? "" : "s", o.iterations(), sec, sec / o.iterations(),
                run.result().last().objective(), run.result().last().metric("trainRmse"),
                run.result().last().metric("testRmse"),
                Double.isNaN(at) ? "not reached" : String.format(Locale.ROOT, "%.2f s (%s)", at, reachAt));
    }

    /** The median (NaN when any value is NaN: a run that did not get there). */
    static double median(double[] values) {
        double[] v = values.clone();
        for (double x : v) {
            if (Double.isNaN(x)) {
                return Double.NaN;
            }
        }
        java.util.Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    private static String fmtIteration(Object it) {
        return it instanceof Number num ? String.valueOf(num.longValue()) : String.valueOf(it);
    }

    private String numpy(Path dir, Path ref) throws IOException, InterruptedException {
        if (!Files.isRegularFile(ref)) {
            throw new BadInputException(ref, "no such file (mf_ref.py)");
        }
        double[] secs = new double[repeats];
        double[] reach = new double[repeats];
        String reachAt = "";
        String[] last = null;
        for (int rep = 0; rep < repeats; rep++) {
            List<String> out = exec(List.of(python, ref.toString(), dir.toString(), "--rank", String.valueOf(rank),
                    "--lam", String.valueOf(lambda), "--reg", reg, "--sweeps", String.valueOf(iterations)));
            reach[rep] = Double.NaN;
            last = null;
            for (String line : out) {
                Matcher m = SWEEP.matcher(line);
                if (m.find()) {
                    last = new String[] {m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)};
                    if (Double.isNaN(reach[rep]) && Double.parseDouble(m.group(4)) <= target) {
                        reach[rep] = Double.parseDouble(m.group(5));
                        reachAt = "first printed sweep at or below: " + m.group(1);
                    }
                }
            }
            if (last == null) {
                return "| numpy ALS (mf_ref.py) | failed: " + String.join(" / ", out) + " | | | | | | |";
            }
            secs[rep] = Double.parseDouble(last[4]);
        }
        double sec = median(secs);
        double at = median(reach);
        return String.format(Locale.ROOT, "| numpy ALS (mf_ref.py) | %s | %.2f | %.3f | %s | %s | %s | %s |", last[0], sec,
                sec / Integer.parseInt(last[0]), last[1], last[2], last[3],
                Double.isNaN(at) ? "not reached" : String.format(Locale.ROOT, "<= %.2f s (%s)", at, reachAt));
    }

    private List<String> spark(Path dir) throws IOException, InterruptedException {
        String cp = Files.readString(sparkClasspath).strip();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx8g", "-XX:+IgnoreUnrecognizedVMOptions"));
        for (String p : List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio",
                "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "jdk.internal.ref", "sun.nio.ch",
                "sun.nio.cs", "sun.security.action", "sun.util.calendar")) {
            cmd.add("--add-opens=java.base/" + p + "=ALL-UNNAMED");
        }
        cmd.addAll(List.of("-Djdk.reflect.useDirectMethodHandle=false", "-cp", cp,
                "org.strads4j.apps.mf.bench.SparkAlsBench", dir.toString(), String.valueOf(rank),
                String.valueOf(lambda), joined(sparkIterations), String.valueOf(repeats)));
        Map<Integer, List<String[]>> fits = new java.util.TreeMap<>();
        for (String line : exec(cmd)) {
            Matcher m = SPARK.matcher(line);
            if (m.find()) {
                fits.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new ArrayList<>())
                        .add(new String[] {m.group(2), m.group(3), m.group(4), m.group(5)});
            }
        }
        List<String> rows = new ArrayList<>();
        for (Map.Entry<Integer, List<String[]>> e : fits.entrySet()) {
            int it = e.getKey();
            List<String[]> f = e.getValue();
            double[] secs = new double[f.size()];
            for (int i = 0; i < secs.length; i++) {
                secs[i] = Double.parseDouble(f.get(i)[0]);
            }
            double fit = median(secs);
            String[] q = f.get(0);
            double test = Double.parseDouble(q[3]);
            String reach = test <= target ? String.format(Locale.ROOT, "%.2f s (this fit)", fit) : "not reached";
            rows.add(String.format(Locale.ROOT, "| Spark MLlib ALS local[2], maxIter %d | %d | %.2f | %.3f | %s | %s | %s | %s |",
                    it, it, fit, fit / it, q[1], q[2], q[3], reach));
        }
        if (rows.isEmpty()) {
            rows.add("| Spark MLlib ALS | failed (see stderr) | | | | | | |");
        }
        return rows;
    }

    private static String joined(int[] a) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            b.append(i == 0 ? "" : ",").append(a[i]);
        }
        return b.toString();
    }

    /** Runs a command, echoing its output (but log4j INFO lines) to stderr; returns its output lines. */
    private static List<String> exec(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.contains(" INFO ")) {   // Spark's start-up chatter
                    System.err.println("  | " + line);
                }
                lines.add(line);
            }
        }
        int rc = p.waitFor();
        if (rc != 0) {
            lines.add("exit code " + rc);
        }
        return lines;
    }
}

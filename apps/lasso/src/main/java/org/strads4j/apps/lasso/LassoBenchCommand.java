package org.strads4j.apps.lasso;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.strads4j.api.BadInputException;
import org.strads4j.api.Job;
import org.strads4j.api.JobSpec;
import org.strads4j.cli.Progress;
import org.strads4j.cluster.EmbeddedCluster;
import org.strads4j.engine.JobRunner;
import org.strads4j.io.Json;
import org.strads4j.io.OutputDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code strads bench lasso}: for each data set and scheduler, the rounds, coordinate updates and
 * solve seconds to reach 1e-6 (relative) of the reference optimum, beside scikit-learn's times from
 * RESULTS.md and, where Debian's python3-sklearn is installed, sklearn run on this machine now.
 */
@Command(name = "lasso", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Time-to-optimum of each Lasso scheduler beside scikit-learn (never part of the test run).")
public final class LassoBenchCommand implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory of the shared LIBSVM files (default: ../shared/data/lasso).")
    Path dataDir = Path.of(System.getProperty("strads.shared", "../shared"), "data", "lasso");

    @Option(names = "--datasets", split = ",", paramLabel = "NAME", description = "Data sets, file names without .svm (default: ${DEFAULT-VALUE}).")
    List<String> datasets = List.of("meats_fat", "finefoods_train");

    @Option(names = "--ratio", paramLabel = "R", description = "lambda / lambda_max (default: ${DEFAULT-VALUE}).")
    double ratio = 0.01;

    @Option(names = "--schedulers", split = ",", paramLabel = "S", description = "Schedulers (default: ${DEFAULT-VALUE}).")
    List<String> schedulers = List.of("priority", "round-robin", "random");

    @Option(names = "--active-set-max", split = ",", paramLabel = "A", description = "Joint active-set rounds: each value is benchmarked (0 = off, so the schedulers alone are compared) (default: ${DEFAULT-VALUE}).")
    List<Integer> activeSetMax = List.of(LassoOptions.DEFAULT_ACTIVE_SET_MAX, 0);

    @Option(names = "--nodes", paramLabel = "N", description = "Ignite nodes (default: ${DEFAULT-VALUE}).")
    int nodes = 1;

    @Option(names = "--backups", paramLabel = "B", description = "Backup copies of each job's caches; -1: the"
            + " default, one on several nodes, which also takes the job's first checkpoint (default: ${DEFAULT-VALUE}).")
    int backups = -1;

    @Option(names = "--repeat", paramLabel = "K", description = "Timed runs per configuration after one warm-up; the median is reported (default: ${DEFAULT-VALUE}).")
    int repeat = 3;

    @Option(names = "--accuracy", paramLabel = "EPS", description = "Relative distance to the optimum that counts as reached (default: ${DEFAULT-VALUE}).")
    double accuracy = 1e-6;

    @Option(names = "--stop", paramLabel = "RULE", description = "certified: each run stops on its own duality-gap"
            + " tolerance (--tolerance, as a user's run does); optimum: at the reference optimum x (1 + --accuracy)"
            + " (default: ${DEFAULT-VALUE}).")
    String stop = "certified";

    @Option(names = "--tolerance", paramLabel = "T", description = "Relative duality gap of --stop certified (default: ${DEFAULT-VALUE}).")
    double tolerance = JobSpec.defaults("lasso").tolerance();

    @Option(names = "--max-rounds", paramLabel = "N", description = "Give up after this many rounds (default: ${DEFAULT-VALUE}).")
    long maxRounds = 2_000_000;

    @Option(names = "--python", paramLabel = "EXE", description = "Python with scikit-learn for the side-by-side run (default: ${DEFAULT-VALUE}).")
    String python = "/usr/bin/python3";

    @Option(names = "--path", paramLabel = "K", description = "Time a K-value regularisation path from lambda_max down"
            + " to --ratio (as run lasso --path K does) beside glmnet's K-value path instead of sklearn's single"
            + " solve; 0 = the single lambda (default: ${DEFAULT-VALUE}).")
    int path;

    @Option(names = "--rscript", paramLabel = "EXE", description = "Rscript with glmnet for the side-by-side run of"
            + " --path (default: ${DEFAULT-VALUE}).")
    String rscript = "/usr/bin/Rscript";

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the rows as JSON here.")
    Path out;

    private Progress progress;

    @Override
    public Integer call() throws Exception {
        if (!stop.equals("certified") && !stop.equals("optimum")) {
            throw new BadInputException("Invalid --stop: " + stop + " (certified or optimum)");
        }
        if (path != 0 && (path < 2 || path > LassoOptions.MAX_PATH)) {
            throw new BadInputException("Invalid --path: " + path + " (0, or 2.." + LassoOptions.MAX_PATH + ")");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        if (path > 0) {
            System.out.printf(Locale.ROOT, "Lasso bench: a %d-value path from lambda_max to %s x lambda_max, each"
                    + " lambda to its certified stop (duality gap <= %.0e x objective), %d node(s), median of %d;"
                    + " the peer is glmnet's %d-value path (thresh 1e-14)%n", path, ratio, tolerance, nodes, repeat, path);
        } else if (certified()) {
            System.out.printf(Locale.ROOT, "Lasso bench: lambda = %s x lambda_max, each run to its certified stop"
                    + " (duality gap <= %.0e x objective), %d node(s), median of %d%n", ratio, tolerance, nodes, repeat);
        } else {
            System.out.printf(Locale.ROOT, "Lasso bench: lambda = %s x lambda_max, target = optimum x (1 + %.0e), %d node(s), median of %d%n",
                    ratio, accuracy, nodes, repeat);
        }
        System.out.printf(Locale.ROOT, "%-16s %-12s %6s %9s %11s %9s %14s %5s %9s%n", "data", "scheduler", "active",
                "rounds", "updates", "seconds", "objective", "nnz", path > 0 ? "vs-glmnet" : "vs-sklearn");
        try (Progress progress = Progress.forCommand(false, System.err)) {
            this.progress = progress;
            progress.note("starting " + nodes + " Ignite node" + (nodes == 1 ? "" : "s") + "...");
            try (EmbeddedCluster cluster = EmbeddedCluster.start(nodes)) {
                progress.note("cluster up (" + cluster.description() + ")");
                benchAll(cluster, rows);
            }
        }
        if (out != null) {
            OutputDirectory.writeAtomically(out, Json.pretty(rows) + "\n");
        }
        return 0;
    }

    private void benchAll(EmbeddedCluster cluster, List<Map<String, Object>> rows) throws Exception {
        {
            for (String name : datasets) {
                LassoReference ref = LassoReference.find(name, ratio).orElseThrow(() -> new BadInputException(
                        "no reference optimum for " + name + " at ratio " + ratio + " in RESULTS.md"));
                Path file = dataDir.resolve(name + ".svm");
                PeerTiming sk = path > 0 ? glmnet(file) : sklearn(file, ref);
                String peer = path > 0 ? "glmnet" : "sklearn";
                for (int active : activeSetMax) {
                    for (String s : schedulers) {
                        Map<String, Object> row = benchOne(cluster, file, ref, s, active);
                        double secs = (Double) row.get("seconds");
                        if (path == 0) {
                            row.put("sklearnTightSecondsReference", ref.sklearnTight());
                        }
                        if (sk != null) {
                            row.put(peer + "SecondsHere", sk.seconds());
                            row.put(peer + "ObjectiveHere", sk.objective());
                        }
                        double base = sk != null ? sk.seconds() : path > 0 ? Double.NaN : ref.sklearnTight();
                        System.out.printf(Locale.ROOT, "%-16s %-12s %6d %9d %11d %9.3f %14.10g %5d %8.2fx%n", name, s,
                                active, row.get("rounds"), row.get("updates"), secs, row.get("objective"),
                                row.get("nnz"), secs / base);
                        rows.add(row);
                    }
                }
                if (path > 0) {
                    System.out.printf(Locale.ROOT, "%-16s %-12s %6s %9s %11s %9.3f %14.10g %5s%n", name, "glmnet", "-",
                            "-", "-", sk != null ? sk.seconds() : Double.NaN, sk != null ? sk.objective() : Double.NaN,
                            sk != null ? String.valueOf(sk.nnz()) : "-");
                } else {
                    System.out.printf(Locale.ROOT, "%-16s %-12s %6s %9s %11s %9.3f %14.10g %5d   (RESULTS.md: tight %.3f s, tol 1e-4 %.3f s)%n",
                            name, "sklearn", "-", "-", "-", sk != null ? sk.seconds() : Double.NaN,
                            sk != null ? sk.objective() : ref.objective(), ref.nnz(), ref.sklearnTight(), ref.sklearnDefault());
                }
            }
        }
    }

    private Map<String, Object> benchOne(EmbeddedCluster cluster, Path file, LassoReference ref, String scheduler,
                                         int active) {
        double[] seconds = new double[repeat];
        JobRunner.Run last = null;
        for (int k = -1; k < repeat; k++) {
            JobSpec spec = (certified()
                    ? JobSpec.defaults("lasso").withNodes(nodes).withSeed(42 + k).withMaxRounds(maxRounds)
                            .withTolerance(tolerance).withParams(Map.of("data", file.toString(), "lambdaRatio", ratio,
                                    "scheduler", scheduler, "activeSetMax", active, "path", path))
                    : new JobSpec("lasso", JobSpec.MODEL_PARALLEL, nodes, 42 + k, maxRounds, 0.0, 0, 5,
                            Map.of("data", file.toString(), "lambdaRatio", ratio, "scheduler", scheduler,
                                    "targetObjective", ref.objective() * (1 + accuracy), "activeSetMax", active,
                                    "path", path)))
                    .withBackups(backups);
            Job job = new LassoApp().plan(spec);
            last = JobRunner.run(cluster, job, progress.job(ref.dataset() + " " + scheduler
                    + (k < 0 ? " warm-up" : " run " + (k + 1) + "/" + repeat), spec), null);
            if (k >= 0) {
                seconds[k] = last.result().seconds();
            }
        }
        Arrays.sort(seconds);
        Map<String, Object> s = last.summary();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("data", ref.dataset());
        row.put("ratio", ratio);
        row.put("scheduler", scheduler);
        row.put("activeSetMax", active);
        row.put("path", path);
        row.put("nodes", nodes);
        row.put("backups", last.result().provenance().get("backups"));
        row.put("rounds", s.get("rounds"));
        row.put("updates", s.get("updates"));
        row.put("seconds", seconds[repeat / 2]);
        row.put("objective", s.get("objective"));
        row.put("nnz", s.get("nnz"));
        row.put("stop", stop);
        row.put("reached", "converged".equals(s.get("stopReason")));
        row.put("relativeError", Math.abs((Double) s.get("objective") - ref.objective()) / ref.objective());
        row.put("referenceObjective", ref.objective());
        return row;
    }

    private boolean certified() {
        return stop.equals("certified");
    }

    /** A peer's solve timed on this machine (the best of three), with its objective and nonzeros. */
    record PeerTiming(double seconds, double objective, int nnz) {
    }

    private PeerTiming sklearn(Path file, LassoReference ref) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(python))) {
            return null;
        }
        String script = String.join("\n",
                "import sys, time, numpy as np",
                "from sklearn.datasets import load_svmlight_file",
                "from sklearn.linear_model import Lasso",
                "X, y = load_svmlight_file(sys.argv[1]); X = X.tocsc(); n = X.shape[0]",
                "amax = np.max(np.abs(X.T @ y)) / n; a = float(sys.argv[2]) * amax",
                "best = 1e9",
                "for _ in range(3):",
                "    m = Lasso(alpha=a, fit_intercept=False, tol=1e-12, max_iter=10**6)",
                "    t = time.perf_counter(); m.fit(X, y); best = min(best, time.perf_counter() - t)",
                "r = y - X @ m.coef_",
                "print(best, 0.5 / n * r @ r + a * np.abs(m.coef_).sum())");
        String[] last = runPeer("sklearn", python, "-c", script, file.toString(), String.valueOf(ratio));
        return last == null ? null
                : new PeerTiming(Double.parseDouble(last[0]), Double.parseDouble(last[1]), ref.nnz());
    }

    /**
     * glmnet's path of {@link #path} lambdas from lambda_max down to {@link #ratio} lambda_max (the
     * one {@code ../shared/reference/glmnet_ref.R} times for RESULTS.md: warm starts, thresh 1e-14,
     * no intercept, no standardisation), the best of three, with the objective and nonzeros at its
     * last lambda; null when Rscript with glmnet is not there.
     */
    private PeerTiming glmnet(Path file) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(rscript))) {
            System.err.println("glmnet side-by-side skipped: no " + rscript);
            return null;
        }
        String script = String.join("\n",
                "suppressMessages(library(glmnet)); suppressMessages(library(Matrix))",
                "a <- commandArgs(TRUE); K <- as.integer(a[2]); ratio <- as.numeric(a[3])",
                "L <- strsplit(readLines(a[1]), ' ', fixed = TRUE)",
                "y <- as.numeric(vapply(L, `[`, '', 1)); nz <- lengths(L) - 1L",
                "kv <- do.call(rbind, strsplit(unlist(lapply(L, `[`, -1)), ':', fixed = TRUE))",
                "X <- sparseMatrix(i = rep(seq_along(L), nz), j = as.integer(kv[, 1]), x = as.numeric(kv[, 2]))",
                "if (length(X@x) > 0.3 * prod(dim(X))) X <- as.matrix(X)",
                "n <- nrow(X); amax <- max(abs(crossprod(X, y))) / n",
                "lam <- amax * exp(seq(log(1), log(ratio), length.out = K)); best <- Inf",
                "for (i in 1:3) { t <- system.time(f <- glmnet(X, y, family = 'gaussian', alpha = 1, lambda = lam,"
                        + " intercept = FALSE, standardize = FALSE, thresh = 1e-14, maxit = 1e8))[['elapsed']];"
                        + " best <- min(best, t) }",
                "b <- as.numeric(coef(f, s = lam[K], exact = FALSE))[-1]; r <- y - as.numeric(X %*% b)",
                "cat(sprintf('%.6f %.12g %d\\n', best, sum(r^2) / (2 * n) + lam[K] * sum(abs(b)), sum(b != 0)))");
        String[] last = runPeer("glmnet", rscript, "-e", script, file.toString(), String.valueOf(path),
                String.valueOf(ratio));
        return last == null ? null
                : new PeerTiming(Double.parseDouble(last[0]), Double.parseDouble(last[1]), Integer.parseInt(last[2]));
    }

    /**
     * Runs a peer's timing script and returns the fields of its last line of output; null (saying
     * why on stderr) when it fails or takes more than ten minutes.
     */
    private static String[] runPeer(String peer, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String last = text.lines().reduce((a, b) -> b).orElse("");
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            System.err.println(peer + " side-by-side skipped: " + last);
            return null;
        }
        return last.trim().split("\\s+");
    }
}

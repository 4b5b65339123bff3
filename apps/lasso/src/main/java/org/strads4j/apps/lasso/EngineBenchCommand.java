package org.strads4j.apps.lasso;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.strads4j.api.Job;
import org.strads4j.api.JobResult;
import org.strads4j.api.JobSpec;
import org.strads4j.cli.Progress;
import org.strads4j.client.StradsClient;
import org.strads4j.cluster.ClientNode;
import org.strads4j.cluster.EmbeddedCluster;
import org.strads4j.cluster.LocalServers;
import org.strads4j.engine.JobRunner;
import org.strads4j.io.Json;
import org.strads4j.io.OutputDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code strads bench engine}: the per-round overhead of the model-parallel engine (schedule,
 * dispatch, aggregate, commit; no evaluation) for Lasso rounds of U coordinates, on 1 in-process
 * node, 3 in-process nodes and 3 server processes on loopback, side by side in one run.
 *
 * <p>Each configuration runs the same job for N1 and N2 rounds (round-robin order, no dependency
 * filter, no joint rounds, one evaluation at the end); the time per round is
 * {@code (T(N2) - T(N1)) / (N2 - N1)}, which cancels the fixed costs (deployment, the final
 * evaluation). T is the engine's solve time, best of {@code --repeat}.
 */
@Command(name = "engine", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Per-round overhead of the model-parallel engine: 1 and 3 in-process nodes and 3 server processes.")
public final class EngineBenchCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "FILE", description = "LIBSVM data (default: the bundled finefoods set).")
    Path data;

    @Option(names = "--block-sizes", split = ",", paramLabel = "U", description = "Coordinates per round (default: ${DEFAULT-VALUE}).")
    List<Integer> blockSizes = List.of(1, 10, 100, 1000);

    @Option(names = "--configurations", split = ",", paramLabel = "C",
            description = "one (1 in-process node), three (3 in-process), processes (3 server JVMs) (default: ${DEFAULT-VALUE}).")
    List<String> configurations = List.of("one", "three", "processes");

    @Option(names = "--rounds", split = ",", paramLabel = "N", description = "N1,N2 (default: ${DEFAULT-VALUE}).")
    List<Long> rounds = List.of(200L, 1200L);

    @Option(names = "--repeat", paramLabel = "K", description = "Runs per measurement; the fastest counts (default: ${DEFAULT-VALUE}).")
    int repeat = 3;

    @Option(names = "--jvm-options", paramLabel = "FILE", description = "JVM flags file for the server processes (default: ${DEFAULT-VALUE}).")
    Path jvmOptions = Path.of(System.getProperty("strads.root", "."), "bin", "jvm.options");

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the rows as JSON here.")
    Path out;

    private Progress progress;

    @Override
    public Integer call() {
        List<Map<String, Object>> rows = new ArrayList<>();
        System.out.printf(Locale.ROOT, "Engine per-round overhead (Lasso, round-robin, no filter, no evaluation):"
                + " (T(%d) - T(%d)) / %d rounds, best of %d%n", rounds.get(1), rounds.get(0),
                rounds.get(1) - rounds.get(0), repeat);
        System.out.printf(Locale.ROOT, "%-32s %6s %12s %16s%n", "configuration", "U", "ms/round", "updates/s");
        try (Progress p = Progress.forCommand(false, System.err)) {
            this.progress = p;
            for (String c : configurations) {
                switch (c) {
                    case "one" -> embedded(1, rows);
                    case "three" -> embedded(3, rows);
                    case "processes" -> processes(rows);
                    default -> throw new org.strads4j.api.BadInputException("Invalid --configurations: " + c
                            + " (one, three or processes)");
                }
            }
        }
        if (out != null) {
            OutputDirectory.writeAtomically(out, Json.pretty(rows) + "\n");
        }
        return 0;
    }

    private void embedded(int nodes, List<Map<String, Object>> rows) {
        progress.note("starting " + nodes + " in-process node" + (nodes == 1 ? "" : "s") + "...");
        try (EmbeddedCluster cluster = EmbeddedCluster.start(nodes)) {
            measure(nodes + " in-process node" + (nodes == 1 ? "" : "s"), nodes,
                    spec -> JobRunner.run(cluster, new LassoApp().plan(spec), progress.job("U=" + spec.params()
                            .get("blockSize"), spec), (Path) null).result(), rows);
        }
    }

    private void processes(List<Map<String, Object>> rows) {
        progress.note("starting 3 server processes...");
        try (LocalServers servers = LocalServers.start(3, jvmOptions);
             ClientNode client = servers.client()) {
            measure("3 server processes (loopback)", 3, spec -> {
                Job job = new LassoApp().plan(spec);
                return StradsClient.submit(client.ignite(), job).await();
            }, rows);
        }
    }

    private void measure(String label, int nodes, Function<JobSpec, JobResult> run, List<Map<String, Object>> rows) {
        for (int u : blockSizes) {
            double[] t = new double[2];
            for (int i = 0; i < 2; i++) {
                double best = Double.POSITIVE_INFINITY;
                for (int k = -1; k < repeat; k++) {   // k = -1: warm-up
                    double s = run.apply(spec(nodes, u, rounds.get(i))).seconds();
                    if (k >= 0) {
                        best = Math.min(best, s);
                    }
                }
                t[i] = best;
            }
            double perRound = (t[1] - t[0]) / (rounds.get(1) - rounds.get(0));
            System.out.printf(Locale.ROOT, "%-32s %6d %12.3f %16.0f%n", label, u, perRound * 1e3, u / perRound);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("configuration", label);
            row.put("coordinatesPerRound", u);
            row.put("msPerRound", perRound * 1e3);
            row.put("updatesPerSecond", u / perRound);
            row.put("seconds", Arrays.stream(t).boxed().toList());
            rows.add(row);
        }
    }

    private JobSpec spec(int nodes, int u, long maxRounds) {
        Map<String, Object> p = new LinkedHashMap<>();
        if (data != null) {
            p.put("data", data.toString());
        }
        p.put("scheduler", "round-robin");
        p.put("blockSize", u);
        p.put("candidates", u);
        p.put("rho", 1.0);
        p.put("maxGroup", 1);
        p.put("activeSetMax", 0);
        p.put("lambdaRatio", 0.01);
        return new JobSpec("lasso", JobSpec.MODEL_PARALLEL, nodes, 42, maxRounds, 0.0, 0, Integer.MAX_VALUE, p);
    }
}

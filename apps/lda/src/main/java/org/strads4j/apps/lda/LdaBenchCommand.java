package org.strads4j.apps.lda;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.strads4j.api.BadInputException;
import org.strads4j.api.Job;
import org.strads4j.api.JobSpec;
import org.strads4j.cli.Progress;
import org.strads4j.cluster.EmbeddedCluster;
import org.strads4j.engine.JobRunner;
import org.strads4j.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code strads bench lda}: token samples per second per core of Strads4J's sampler beside
 * MALLET's ParallelTopicModel (1 thread, settings of MalletLdaRef), on the same corpus, in this
 * JVM, for each K: MALLET and our kernel alone on one core ({@link StandaloneGibbs}), alternated
 * {@code --repeats} times from the same seed (each repeat samples the same chain; the best time of
 * each is reported, as other load on the machine only slows a run down), then one full job
 * through the engine on an embedded cluster. Not a timed test: figures for the README.
 */
@Command(name = "lda", mixinStandardHelpOptions = true,
        description = "Token samples/s per core: Strads4J's SparseLDA sampler beside MALLET 2.0.8 (1 thread), same corpus, same JVM.")
public final class LdaBenchCommand implements Callable<Integer> {
    @Option(names = "--corpus", paramLabel = "PATH", description = "Corpus: a UCI directory, a text file or synthetic:tokens=20M,vocabulary=100k,topics=50 (default: the bundled Brown corpus).")
    Path corpus;

    @Option(names = "--topics", paramLabel = "K", split = ",", description = "Topic counts (default: 20,1000).")
    List<Integer> topics = new ArrayList<>(List.of(20, 1000));

    @Option(names = "--iterations", paramLabel = "N", description = "Sweeps per run (default: ${DEFAULT-VALUE}).")
    int iterations = 100;

    @Option(names = "--alpha", paramLabel = "A", description = "Per-topic alpha (default: ${DEFAULT-VALUE}).")
    double alpha = LdaOptions.DEFAULT_ALPHA;

    @Option(names = "--beta", paramLabel = "B", description = "Beta (default: ${DEFAULT-VALUE}).")
    double beta = LdaOptions.DEFAULT_BETA;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for both samplers (default: ${DEFAULT-VALUE}).")
    int seed = 0;

    @Option(names = "--nodes", paramLabel = "N", split = ",", description = "Node counts of the engine runs, each on its own embedded cluster; 0 skips them (default: 1,2).")
    List<Integer> nodeCounts = new ArrayList<>(List.of(1, 2));

    @Option(names = "--staleness", paramLabel = "S", description = "Rounds in flight in the engine runs (default: ${DEFAULT-VALUE}).")
    int staleness = 0;

    @Option(names = "--blocks-per-worker", paramLabel = "C", description = "Vocabulary blocks per worker in the engine runs (default: the run's own: 1 on one node, else " + LdaApp.DEFAULT_BLOCKS_PER_WORKER + ").")
    Integer blocksPerWorker;

    @Option(names = "--samplers", paramLabel = "NAME", split = ",", description = "Samplers to measure, each alone and in the engine runs: sparse, mh (default: sparse,mh).")
    List<String> samplers = new ArrayList<>(List.of("sparse", "mh"));

    @Option(names = "--mh-steps", paramLabel = "N", description = "MH word + document proposal cycles per token (default: ${DEFAULT-VALUE}).")
    int mhSteps = LdaHyperparameters.DEFAULT_MH_STEPS;

    @Option(names = "--repeats", paramLabel = "N", description = "Alternated runs of MALLET and our kernel per K, then as many full jobs through the engine; the best of each is reported (default: ${DEFAULT-VALUE}).")
    int repeats = 3;

    @Override
    public Integer call() {
        if (iterations < 1) {
            throw new BadInputException("Invalid --iterations: " + iterations + " (must be at least 1)");
        }
        if (repeats < 1) {
            throw new BadInputException("Invalid --repeats: " + repeats + " (must be at least 1)");
        }
        for (int nodes : nodeCounts) {
            if (nodes < 0 || nodes > EmbeddedCluster.MAX_NODES) {
                throw new BadInputException("Invalid --nodes: " + nodes + " (must be 0.." + EmbeddedCluster.MAX_NODES + ")");
            }
        }
        for (int k : topics) {
            new LdaOptions(null, k, alpha, beta, iterations, 1, 1, 1);
        }
        List<LdaHyperparameters.Sampler> kinds = new ArrayList<>();
        for (String name : samplers) {
            kinds.add(LdaApp.sampler(JobSpec.defaults(LdaApp.NAME).withParams(Map.of("sampler", name)), 1));
        }
        LdaApp.mhSteps(JobSpec.defaults(LdaApp.NAME).withParams(Map.of("mhSteps", mhSteps)));
        Corpus c = CorpusLoader.load(corpus, LdaOptions.DEFAULT_MIN_DF, LdaOptions.DEFAULT_MIN_DOC_LENGTH).corpus();
        System.out.printf(Locale.ROOT, "corpus %s: D=%d W=%d tokens=%d; alpha=%s beta=%s iterations=%d seed=%d;"
                        + " best of %d; %d cores%n", c.source(), c.documents(), c.vocabularySize(), c.tokens(), alpha,
                beta, iterations, seed, repeats, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-6s %-36s %8s %12s %16s %10s%n", "K", "sampler", "seconds", "Mtokens/s",
                "Mtokens/s/core", "LL/token");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int k : topics) {
            MalletBaseline.Result mallet = null;
            double[] oursSeconds = new double[kinds.size()];
            double[] oursLl = new double[kinds.size()];
            java.util.Arrays.fill(oursSeconds, Double.POSITIVE_INFINITY);
            for (int r = 0; r < repeats; r++) {
                MalletBaseline.Result m = MalletBaseline.run(c, k, alpha, beta, iterations, seed);
                if (mallet == null || m.seconds() < mallet.seconds()) {
                    mallet = m;
                }
                for (int x = 0; x < kinds.size(); x++) {
                    StandaloneGibbs s = new StandaloneGibbs(c, k, alpha, beta, seed, kinds.get(x), mhSteps);
                    long t0 = System.nanoTime();
                    s.sweep(iterations);
                    oursSeconds[x] = Math.min(oursSeconds[x], (System.nanoTime() - t0) / 1e9);
                    oursLl[x] = s.logLikelihood() / s.tokens();
                }
            }
            rows.add(row(k, "MALLET 2.0.8 ParallelTopicModel, 1 thread", mallet.seconds(), mallet.tokensPerSecond(), 1,
                    mallet.logLikelihoodPerToken()));
            for (int x = 0; x < kinds.size(); x++) {
                Map<String, Object> r = row(k, "Strads4J " + samplerName(kinds.get(x)) + " sampler, 1 core", oursSeconds[x],
                        c.tokens() * (double) iterations / oursSeconds[x], 1, oursLl[x]);
                r.put("samplerKind", kinds.get(x).cliName());
                rows.add(r);
            }
            for (LdaHyperparameters.Sampler kind : kinds) {
                for (int nodes : nodeCounts) {
                    if (nodes > 0) {
                        rows.add(engineRun(k, c, nodes, kind));
                    }
                }
            }
        }
        System.out.println(Json.pretty(rows));
        return 0;
    }

    private String samplerName(LdaHyperparameters.Sampler kind) {
        return kind == LdaHyperparameters.Sampler.MH ? "MH(" + mhSteps + ")" : "sparse";
    }

    private Map<String, Object> engineRun(int k, Corpus c, int nodes, LdaHyperparameters.Sampler kind) {
        LdaOptions o = new LdaOptions(corpus, k, alpha, beta, iterations, iterations, LdaOptions.DEFAULT_MIN_DF,
                LdaOptions.DEFAULT_MIN_DOC_LENGTH);
        try (Progress progress = Progress.forCommand(false, System.err);
             EmbeddedCluster cluster = startCluster(progress, nodes)) {
            // Best of --repeats full jobs on one cluster, like the two rows above.
            JobRunner.Run run = null;
            double secs = Double.POSITIVE_INFINITY;
            for (int r = 0; r < repeats; r++) {
                JobSpec spec = o.spec(nodes, seed).withStaleness(staleness)
                        .withParams(Map.of("sampler", kind.cliName(), "mhSteps", mhSteps));
                if (blocksPerWorker != null) {
                    spec = spec.withParams(Map.of("blocksPerWorker", blocksPerWorker));
                }
                 Job job = new LdaApp().plan(spec);
                JobRunner.Run next = JobRunner.run(cluster, job, progress.job("lda K=" + k + " " + kind.cliName() + " run " + (r + 1) + "/"
                        + repeats, spec), null);
                if (next.result().seconds() < secs) {
                    secs = next.result().seconds();
                    run = next;
                }
            }
            int cores = Math.min(nodes, Runtime.getRuntime().availableProcessors());
            Map<String, Object> r = row(k, "Strads4J " + samplerName(kind) + ", engine " + nodes + " node"
                            + (nodes == 1 ? "" : "s"), secs,
                    c.tokens() * (double) iterations / secs, cores, run.result().last().metric("logLikelihoodPerToken"));
            r.put("samplerKind", kind.cliName());
            r.put("nodes", nodes);
            r.put("staleness", staleness);
            r.put("rotation", run.result().provenance().get("rotation"));
            return r;
        }
    }

    private static EmbeddedCluster startCluster(Progress progress, int nodes) {
        progress.note("starting " + nodes + " Ignite node" + (nodes == 1 ? "" : "s") + "...");
        EmbeddedCluster cluster = EmbeddedCluster.start(nodes);
        progress.note("cluster up (" + cluster.description() + ")");
        return cluster;
    }

    /** A row: {@code total} token samples/s over {@code cores} cores (the cores the run can use). */
    private static Map<String, Object> row(int k, String sampler, double seconds, double total, int cores,
                                           double llPerToken) {
        double perCore = total / cores;
        System.out.printf(Locale.ROOT, "%-6d %-36s %8.2f %12.2f %16.2f %10.4f%n", k,
                sampler.length() > 36 ? sampler.substring(0, 36) : sampler, seconds, total / 1e6, perCore / 1e6,
                llPerToken);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("topics", k);
        r.put("sampler", sampler);
        r.put("seconds", seconds);
        r.put("tokenSamplesPerSecond", total);
        r.put("tokenSamplesPerSecondPerCore", perCore);
        r.put("logLikelihoodPerToken", llPerToken);
        return r;
    }
}

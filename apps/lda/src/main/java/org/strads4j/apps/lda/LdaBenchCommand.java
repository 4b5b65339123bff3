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
    @Option(names = "--corpus", paramLabel = "PATH", description = "Corpus (default: the bundled Brown corpus).")
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

    @Option(names = "--nodes", paramLabel = "N", description = "Nodes of the engine run; 0 skips it (default: ${DEFAULT-VALUE}).")
    int nodes = 1;

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
        if (nodes < 0) {
            throw new BadInputException("Invalid --nodes: " + nodes + " (must be >= 0)");
        }
        for (int k : topics) {
            new LdaOptions(null, k, alpha, beta, iterations, 1, 1, 1);
        }
        Corpus c = CorpusLoader.load(corpus, LdaOptions.DEFAULT_MIN_DF, LdaOptions.DEFAULT_MIN_DOC_LENGTH).corpus();
        System.out.printf(Locale.ROOT, "corpus %s: D=%d W=%d tokens=%d; alpha=%s beta=%s iterations=%d seed=%d;"
                        + " best of %d; %d cores%n", c.source(), c.documents(), c.vocabularySize(), c.tokens(), alpha,
                beta, iterations, seed, repeats, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-6s %-30s %8s %16s %10s%n", "K", "sampler", "seconds", "Mtokens/s/core", "LL/token");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int k : topics) {
            MalletBaseline.Result mallet = null;
            double oursSeconds = Double.POSITIVE_INFINITY;
            double oursLl = Double.NaN;
            for (int r = 0; r < repeats; r++) {
                MalletBaseline.Result m = MalletBaseline.run(c, k, alpha, beta, iterations, seed);
                if (mallet == null || m.seconds() < mallet.seconds()) {
                    mallet = m;
                }
                StandaloneGibbs s = new StandaloneGibbs(c, k, alpha, beta, seed);
                long t0 = System.nanoTime();
                s.sweep(iterations);
                oursSeconds = Math.min(oursSeconds, (System.nanoTime() - t0) / 1e9);
                oursLl = s.logLikelihood() / s.tokens();
            }
            rows.add(row(k, "MALLET 2.0.8 ParallelTopicModel, 1 thread", mallet.seconds(), mallet.tokensPerSecond(),
                    mallet.logLikelihoodPerToken()));
            rows.add(row(k, "Strads4J sampler, 1 core", oursSeconds, c.tokens() * (double) iterations / oursSeconds,
                    oursLl));
            if (nodes > 0) {
                rows.add(engineRun(k, c));
            }
        }
        System.out.println(Json.pretty(rows));
        return 0;
    }

    private Map<String, Object> engineRun(int k, Corpus c) {
        LdaOptions o = new LdaOptions(corpus, k, alpha, beta, iterations, iterations, LdaOptions.DEFAULT_MIN_DF,
                LdaOptions.DEFAULT_MIN_DOC_LENGTH);
        try (Progress progress = Progress.forCommand(false, System.err);
             EmbeddedCluster cluster = startCluster(progress)) {
            // Best of --repeats full jobs on one cluster, like the two rows above.
            JobRunner.Run run = null;
            double secs = Double.POSITIVE_INFINITY;
            for (int r = 0; r < repeats; r++) {
                JobSpec spec = o.spec(nodes, seed);
                Job job = new LdaApp().plan(spec);
                JobRunner.Run next = JobRunner.run(cluster, job, progress.job("lda K=" + k + " run " + (r + 1) + "/"
                        + repeats, spec), null);
                if (next.result().seconds() < secs) {
                    secs = next.result().seconds();
                    run = next;
                }
            }
            double perCore = c.tokens() * (double) iterations / secs / Math.min(nodes,
                    Runtime.getRuntime().availableProcessors());
            return row(k, "Strads4J engine, " + nodes + " node" + (nodes == 1 ? "" : "s"), secs, perCore,
                    run.result().last().metric("logLikelihoodPerToken"));
        }
    }

    private EmbeddedCluster startCluster(Progress progress) {
        progress.note("starting " + nodes + " Ignite node" + (nodes == 1 ? "" : "s") + "...");
        EmbeddedCluster cluster = EmbeddedCluster.start(nodes);
        progress.note("cluster up (" + cluster.description() + ")");
        return cluster;
    }

    private static Map<String, Object> row(int k, String sampler, double seconds, double perCore, double llPerToken) {
        System.out.printf(Locale.ROOT, "%-6d %-30s %8.2f %16.2f %10.4f%n", k,
                sampler.length() > 30 ? sampler.substring(0, 30) : sampler, seconds, perCore / 1e6, llPerToken);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("topics", k);
        r.put("sampler", sampler);
        r.put("seconds", seconds);
        r.put("tokenSamplesPerSecondPerCore", perCore);
        r.put("logLikelihoodPerToken", llPerToken);
        return r;
    }
}

package org.strads4j.apps.lda;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.strads4j.api.JobSpec;
import org.strads4j.cli.ExecutionOptions;
import org.strads4j.cli.JobCommand;
import org.strads4j.cli.JobLauncher;
import org.strads4j.api.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code strads run lda}: LDA by collapsed Gibbs sampling with STRADS vocabulary rotation.
 *
 * <pre>
 * strads run lda                                   # bundled Brown corpus, K = 20, 1000 iterations
 * strads run lda --corpus DIR --topics 20 --alpha 0.1 --beta 0.01 --iterations 1000 --nodes 3 --out DIR
 * strads run lda --corpus docs.txt --min-df 2      # plain text, one document per line
 * </pre>
 */
@Command(name = "lda", mixinStandardHelpOptions = true,
        description = {"LDA topic model: collapsed Gibbs sampling (SparseLDA) with the STRADS rotation of "
                + "vocabulary blocks over the workers.",
                "Input: a UCI bag-of-words directory (docword.txt + vocab.txt) or a plain-text file with one "
                        + "document per line; without --corpus, the bundled Brown corpus.",
                "An iteration (a round) is one sweep over every token."})
public final class LdaRunCommand implements Callable<Integer>, JobCommand {
    @Mixin
    ExecutionOptions exec;

    @Option(names = "--corpus", paramLabel = "PATH",
            description = "UCI bag-of-words directory (docword.txt and vocab.txt, either may be gzip) or a plain-text file, plain or gzip, or a corpus generated from known topics, e.g. synthetic:tokens=20M,vocabulary=100k,topics=50 (keys tokens, vocabulary, topics, length, alpha, support, zipf, seed) (default: the bundled Brown corpus).")
    Path corpus;

    @Option(names = "--topics", paramLabel = "K", description = "Number of topics, 1..65,536 (default: ${DEFAULT-VALUE}); fewer when the most frequent word has too many tokens for the packed counts (K topics leave 31 - ceil(log2 K) bits for a count), and the memory the job needs is checked before the run.")
    int topics = LdaOptions.DEFAULT_TOPICS;

    @Option(names = "--alpha", paramLabel = "A", description = "Symmetric document-topic prior, per topic (default: ${DEFAULT-VALUE}).")
    double alpha = LdaOptions.DEFAULT_ALPHA;

    @Option(names = "--beta", paramLabel = "B", description = "Symmetric topic-word prior (default: ${DEFAULT-VALUE}).")
    double beta = LdaOptions.DEFAULT_BETA;

    @Option(names = "--iterations", paramLabel = "N", description = "Gibbs sweeps over the corpus (default: ${DEFAULT-VALUE}).")
    long iterations = LdaOptions.DEFAULT_ITERATIONS;

    @Option(names = "--log-every", paramLabel = "N", description = "Evaluate log p(w,z) every N iterations (default: ${DEFAULT-VALUE}).")
    int logEvery = LdaOptions.DEFAULT_LOG_EVERY;

    @Option(names = "--blocks-per-worker", paramLabel = "C", description = "Vocabulary blocks per worker: each worker samples C * nodes blocks per iteration, handing each to the next worker as soon as it is done, so a block has C - 1 steps to arrive while others are sampled (default: 1 on one node, else " + LdaApp.DEFAULT_BLOCKS_PER_WORKER + ").")
    Integer blocksPerWorker;

    @Option(names = "--test-corpus", paramLabel = "PATH", description = "Held-out documents (UCI directory or text file, words matched to the training vocabulary by spelling): after training, report held-out log-likelihood per token and perplexity by document completion (summary.json heldOut* fields).")
    Path testCorpus;

    @Option(names = "--sampler", paramLabel = "NAME", description = "Token sampler: sparse (exact collapsed Gibbs with SparseLDA buckets, O(topics of the word) a token), mh (Metropolis-Hastings with word and document proposals, O(1) a token, needs more sweeps) or auto (sparse at every K: it reached a given log-likelihood sooner in every measurement, see the README) (default: ${DEFAULT-VALUE}).")
    String sampler = "auto";

    @Option(names = "--mh-steps", paramLabel = "N", description = "MH only: word + document proposal cycles per token and sweep (default: ${DEFAULT-VALUE}).")
    int mhSteps = LdaHyperparameters.DEFAULT_MH_STEPS;

    @Option(names = "--min-df", paramLabel = "N", description = "Plain text: drop words in fewer than N documents (default: ${DEFAULT-VALUE}).")
    int minDf = LdaOptions.DEFAULT_MIN_DF;

    @Option(names = "--min-doc-length", paramLabel = "N", description = "Plain text: drop documents with fewer than N tokens (default: ${DEFAULT-VALUE}).")
    int minDocLength = LdaOptions.DEFAULT_MIN_DOC_LENGTH;

    /** The job: one round per iteration (the vocabulary blocks rotate once around the workers). */
    @Override
    public JobSpec spec() {
        LdaOptions o = new LdaOptions(corpus, topics, alpha, beta, iterations, logEvery, minDf, minDocLength);
        JobSpec spec = exec.spec(LdaApp.NAME, o.iterations(), 0.0, o.logEvery()).withParams(o.toParams())
                .withParams(java.util.Map.of("sampler", sampler, "mhSteps", mhSteps));
        if (testCorpus != null) {
            spec = spec.withParams(java.util.Map.of("testCorpus", testCorpus.toString()));
        }
        return blocksPerWorker == null ? spec : spec.withParams(java.util.Map.of("blocksPerWorker", blocksPerWorker));
    }

    @Override
    public ExecutionOptions execution() {
        return exec;
    }

    @Override
    public Integer call() {
        return JobLauncher.runCommand(spec(), exec);
    }
}

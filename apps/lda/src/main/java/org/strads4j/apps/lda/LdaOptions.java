package org.strads4j.apps.lda;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.strads4j.api.BadInputException;
import org.strads4j.api.JobSpec;

/**
 * The LDA hyperparameters and input options, validated in one place (errors name the option:
 * "Invalid --topics: 0 (must be at least 1)"). Defaults: bundled Brown corpus, K = 20,
 * alpha = 0.1 (per topic), beta = 0.01, 1000 iterations, a log line every 10 iterations; for
 * plain text, words in fewer than 5 documents and documents under 1 token are dropped.
 *
 * @param corpus       a UCI directory or a plain-text file; null for the bundled corpus
 * @param topics       K
 * @param alpha        symmetric Dirichlet prior on document-topic proportions, per topic
 * @param beta         symmetric Dirichlet prior on topic-word distributions
 * @param iterations   Gibbs sweeps over the corpus (one round each)
 * @param logEvery     evaluate every this many iterations
 * @param minDf        plain text: drop words in fewer documents
 * @param minDocLength plain text: drop documents with fewer tokens
 */
public record LdaOptions(Path corpus, int topics, double alpha, double beta, long iterations, int logEvery,
                         int minDf, int minDocLength) {

    public static final int DEFAULT_TOPICS = 20;
    public static final double DEFAULT_ALPHA = 0.1;
    public static final double DEFAULT_BETA = 0.01;
    public static final long DEFAULT_ITERATIONS = 1000;
    public static final int DEFAULT_LOG_EVERY = 10;
    public static final int DEFAULT_MIN_DF = 5;
    public static final int DEFAULT_MIN_DOC_LENGTH = 1;
    /** Topic ids need at most this many bits in a packed count. */
    public static final int MAX_TOPICS = 1 << 16;

    public LdaOptions {
        if (topics < 1 || topics > MAX_TOPICS) {
            throw new BadInputException("Invalid --topics: " + topics + " (must be 1.." + MAX_TOPICS + ")");
        }
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new BadInputException("Invalid --alpha: " + alpha + " (must be finite and > 0)");
        }
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new BadInputException("Invalid --beta: " + beta + " (must be finite and > 0)");
        }
        if (iterations < 1) {
            throw new BadInputException("Invalid --iterations: " + iterations + " (must be at least 1)");
        }
        if (logEvery < 1) {
            throw new BadInputException("Invalid --log-every: " + logEvery + " (must be at least 1)");
        }
        if (minDf < 1) {
            throw new BadInputException("Invalid --min-df: " + minDf + " (must be at least 1)");
        }
        if (minDocLength < 1) {
            throw new BadInputException("Invalid --min-doc-length: " + minDocLength + " (must be at least 1)");
        }
    }

    /** The defaults, on the bundled corpus. */
    public static LdaOptions defaults() {
        return new LdaOptions(null, DEFAULT_TOPICS, DEFAULT_ALPHA, DEFAULT_BETA, DEFAULT_ITERATIONS,
                DEFAULT_LOG_EVERY, DEFAULT_MIN_DF, DEFAULT_MIN_DOC_LENGTH);
    }

    public LdaOptions withCorpus(Path p) {
        return new LdaOptions(p, topics, alpha, beta, iterations, logEvery, minDf, minDocLength);
    }

    public LdaOptions withTopics(int k) {
        return new LdaOptions(corpus, k, alpha, beta, iterations, logEvery, minDf, minDocLength);
    }

    public LdaOptions withIterations(long n) {
        return new LdaOptions(corpus, topics, alpha, beta, n, logEvery, minDf, minDocLength);
    }

    public LdaOptions withLogEvery(int n) {
        return new LdaOptions(corpus, topics, alpha, beta, iterations, n, minDf, minDocLength);
    }

    public LdaOptions withPriors(double a, double b) {
        return new LdaOptions(corpus, topics, a, b, iterations, logEvery, minDf, minDocLength);
    }

    public LdaOptions withTextFilters(int df, int length) {
        return new LdaOptions(corpus, topics, alpha, beta, iterations, logEvery, df, length);
    }

    /** These options as job parameters. */
    public Map<String, Object> toParams() {
        Map<String, Object> p = new LinkedHashMap<>();
        if (corpus != null) {
            p.put("corpus", corpus.toString());
        }
        p.put("topics", topics);
        p.put("alpha", alpha);
        p.put("beta", beta);
        p.put("iterations", iterations);
        p.put("logEvery", logEvery);
        p.put("minDf", minDf);
        p.put("minDocLength", minDocLength);
        return p;
    }

    /** The options in a job spec's parameters (absent ones take the defaults). */
    public static LdaOptions from(JobSpec spec) {
        String corpus = spec.param("corpus", (String) null);
        return new LdaOptions(corpus == null ? null : Path.of(corpus),
                intParam(spec, "topics", DEFAULT_TOPICS),
                spec.param("alpha", DEFAULT_ALPHA),
                spec.param("beta", DEFAULT_BETA),
                spec.param("iterations", DEFAULT_ITERATIONS),
                intParam(spec, "logEvery", DEFAULT_LOG_EVERY),
                intParam(spec, "minDf", DEFAULT_MIN_DF),
                intParam(spec, "minDocLength", DEFAULT_MIN_DOC_LENGTH));
    }

    private static int intParam(JobSpec spec, String name, int dflt) {
        long v = spec.param(name, (long) dflt);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new BadInputException("Invalid " + name + ": " + v + " (out of range)");
        }
        return (int) v;
    }

    /**
     * The job spec of an LDA run on {@code nodes} workers: one round is one iteration (a sweep
     * over every token), so the spec runs {@code iterations} rounds and evaluates every
     * {@code logEvery}.
     */
    public JobSpec spec(int nodes, long seed) {
        return new JobSpec(LdaApp.NAME, JobSpec.MODEL_PARALLEL, nodes, seed, iterations, 0.0, 0, logEvery, toParams());
    }
}

package org.strads4j.apps.lda;

/**
 * The LDA sampler on one core without the engine: one worker, one vocabulary block, the same
 * planner, state and sampler as a 1-node job. For measuring the kernel's
 * token samples per second ({@code strads bench lda}) and for tests of the sampler alone.
 */
public final class StandaloneGibbs {
    private final LdaHyperparameters hyper;
    private final LdaShard shard;
    private final WorkerState state;
    private final int[] rows;
    private long sweeps;

    /** Plans {@code corpus} for one worker with initial topics and sampler stream from {@code seed}. */
    public StandaloneGibbs(Corpus corpus, int topics, double alpha, double beta, long seed) {
        this(corpus, topics, alpha, beta, seed, LdaHyperparameters.Sampler.SPARSE, LdaHyperparameters.DEFAULT_MH_STEPS);
    }

    /** The same with the given sampler ({@code mhSteps} matters for MH only). */
    public StandaloneGibbs(Corpus corpus, int topics, double alpha, double beta, long seed,
                           LdaHyperparameters.Sampler sampler, int mhSteps) {
        this.hyper = new LdaHyperparameters(topics, alpha, beta, corpus.vocabularySize(), 1, sampler, mhSteps);
        LdaPlanner planner = new LdaPlanner(corpus, hyper, 1, seed);
        this.shard = planner.shards().get(0);
        this.state = WorkerState.standalone(shard, hyper, seed);
        this.rows = shard.initialRows(0);
    }

    /** Runs {@code n} Gibbs sweeps over the corpus; returns the tokens sampled. */
    public long sweep(long n) {
        long tokens = 0;
        for (long i = 0; i < n; i++) {
            tokens += state.sampler.sweep(0, shard.tokens(0), state.topics[0], state.docTopicCounts, state.topicTotals,
                    rows, shard.layout().rowStart(0), state.random);
            sweeps++;
        }
        return tokens;
    }

    /** The current topic of every token, in corpus order (a copy). */
    public int[] topics() {
        return state.topics[0].clone();
    }

    /** Sweeps done so far. */
    public long sweeps() {
        return sweeps;
    }

    /** The joint log-likelihood log p(w, z) of the current state. */
    public double logLikelihood() {
        long[] columns = new long[hyper.topics()];
        double ll = JointLogLikelihood.documentSide(state.docTopicCounts, shard.docLengths(), hyper.topics(),
                hyper.alpha());
        ll += JointLogLikelihood.wordRows(rows, new TopicCountCodec(hyper.topics()), hyper.beta(), columns);
        ll += JointLogLikelihood.topicSide(columns, hyper.vocabularySize(), hyper.beta());
        return ll;
    }

    /** The current word-topic counts as a model over {@code vocabulary} (the corpus's). */
    public TopicWordCounts model(java.util.List<String> vocabulary) {
        return TopicWordCounts.fromBlocks(new int[][] {rows}, shard.layout(), hyper, vocabulary);
    }

    /** theta = (n_dk + alpha) / (N_d + K alpha) of every document, from the current counts. */
    public double[][] docTopicProportions() {
        int k = hyper.topics();
        int[] lengths = shard.docLengths();
        double[][] theta = new double[lengths.length][k];
        for (int d = 0; d < lengths.length; d++) {
            for (int t = 0; t < k; t++) {
                theta[d][t] = (state.docTopicCounts[d * k + t] + hyper.alpha()) / (lengths[d] + k * hyper.alpha());
            }
        }
        return theta;
    }

    /** Tokens in the corpus. */
    public long tokens() {
        return shard.tokens();
    }

    /** Checks the count invariants (rows, n_k and n_dk all sum to N and agree); throws if broken. */
    public void checkCounts() {
        long[] columns = new long[hyper.topics()];
        JointLogLikelihood.wordRows(rows, new TopicCountCodec(hyper.topics()), hyper.beta(), columns);
        long n = 0;
        for (int k = 0; k < columns.length; k++) {
            if (columns[k] != state.topicTotals[k]) {
                throw new IllegalStateException("n_" + k + " = " + state.topicTotals[k] + " but rows sum to " + columns[k]);
            }
            n += columns[k];
        }
        long docs = 0;
        for (int c : state.docTopicCounts) {
            docs += c;
        }
        if (n != tokens() || docs != tokens()) {
            throw new IllegalStateException("rows hold " + n + " tokens, documents " + docs + ", corpus " + tokens());
        }
    }
}

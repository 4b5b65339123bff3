package org.strads4j.apps.lda;

import java.io.Serializable;

/**
 * What every LDA plugin needs to know of the model (a small serialisable value: plugins travel to
 * the workers): K topics, symmetric Dirichlet priors alpha (per topic) and beta, vocabulary size
 * W, the number of vocabulary blocks B, and the token sampler the workers run.
 */
public final class LdaHyperparameters implements Serializable {
    private static final long serialVersionUID = 2L;

    /** The token samplers ({@code --sampler}). */
    public enum Sampler {
        /** Exact collapsed Gibbs with the SparseLDA buckets ({@link SparseGibbsSampler}): O(nonzero topics) a token. */
        SPARSE,
        /** Metropolis-Hastings with word and document proposals ({@link MetropolisHastingsSampler}): O(1) a token. */
        MH;

        /** The name on the command line. */
        public String cliName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** MH (word, document) proposal cycles per token and sweep unless told. */
    public static final int DEFAULT_MH_STEPS = 2;

    private final int topics;
    private final double alpha;
    private final double beta;
    private final int vocabularySize;
    private final int blocks;
    private final Sampler sampler;
    private final int mhSteps;

    /** With the SparseLDA sampler. */
    public LdaHyperparameters(int topics, double alpha, double beta, int vocabularySize, int blocks) {
        this(topics, alpha, beta, vocabularySize, blocks, Sampler.SPARSE, DEFAULT_MH_STEPS);
    }

    public LdaHyperparameters(int topics, double alpha, double beta, int vocabularySize, int blocks, Sampler sampler,
                              int mhSteps) {
        if (mhSteps < 1) {
            throw new IllegalArgumentException("MH steps must be at least 1, got " + mhSteps);
        }
        this.topics = topics;
        this.alpha = alpha;
        this.beta = beta;
        this.vocabularySize = vocabularySize;
        this.blocks = blocks;
        this.sampler = sampler;
        this.mhSteps = mhSteps;
    }

    /**
     * The default sampler, at every K: SparseLDA. Measured against MH (README, "LDA samplers") it
     * reached a given log-likelihood sooner on Brown at K = 20 and K = 1000 and on a 5 M-token
     * generated corpus at K = 1000: MH draws more tokens a second on a small corpus but needs
     * several times more sweeps from a random start, and on large corpora its word-ordered pass
     * over the dense document-topic counts misses the cache.
     */
    public static Sampler defaultSampler(int topics) {
        return Sampler.SPARSE;
    }

    public int topics() {
        return topics;
    }

    public double alpha() {
        return alpha;
    }

    public double beta() {
        return beta;
    }

    public int vocabularySize() {
        return vocabularySize;
    }

    public int blocks() {
        return blocks;
    }

    public Sampler sampler() {
        return sampler;
    }

    public int mhSteps() {
        return mhSteps;
    }

    /** W * beta, the denominator's smoothing. */
    public double betaSum() {
        return vocabularySize * beta;
    }

    /** A sampler for one worker's shard, over the worker's topic arrays. */
    TokenSampler newSampler(LdaShard shard, int[][] topicsByBlock) {
        if (sampler == Sampler.SPARSE) {
            return new SparseGibbsSampler(this);
        }
        TokenBlock[] tokens = new TokenBlock[topicsByBlock.length];
        for (int b = 0; b < tokens.length; b++) {
            tokens[b] = shard.tokens(b);
        }
        return new MetropolisHastingsSampler(this, mhSteps, tokens, topicsByBlock, shard.documents());
    }

    /** How the sampler is described in provenance. */
    public String samplerDescription() {
        return sampler == Sampler.SPARSE
                ? "collapsed Gibbs, SparseLDA buckets (Yao, Mimno, McCallum KDD 2009)"
                : "Metropolis-Hastings, " + mhSteps + " word + document proposal cycles a token (LightLDA, Yuan et al."
                        + " WWW 2015), exact proposals over the held block";
    }
}

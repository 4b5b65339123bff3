package org.strads4j.apps.lda;

import java.io.Serializable;

/**
 * What every LDA plugin needs to know of the model (a small serialisable value: plugins travel to
 * the workers): K topics, symmetric Dirichlet priors alpha (per topic) and beta, vocabulary size
 * W and the number of vocabulary blocks B (= workers).
 */
public final class LdaHyperparameters implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int topics;
    private final double alpha;
    private final double beta;
    private final int vocabularySize;
    private final int blocks;

    public LdaHyperparameters(int topics, double alpha, double beta, int vocabularySize, int blocks) {
        this.topics = topics;
        this.alpha = alpha;
        this.beta = beta;
        this.vocabularySize = vocabularySize;
        this.blocks = blocks;
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

    /** W * beta, the denominator's smoothing. */
    public double betaSum() {
        return vocabularySize * beta;
    }
}

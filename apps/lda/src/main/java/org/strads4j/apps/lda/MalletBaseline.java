package org.strads4j.apps.lda;

import cc.mallet.topics.ParallelTopicModel;
import cc.mallet.types.Alphabet;
import cc.mallet.types.FeatureSequence;
import cc.mallet.types.Instance;
import cc.mallet.types.InstanceList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * MALLET 2.0.8's {@code ParallelTopicModel} (SparseLDA collapsed Gibbs) run in this JVM with the
 * settings of shared/reference/mallet/MalletLdaRef.java: symmetric alpha (alphaSum = K alpha),
 * beta, one thread, no hyperparameter optimisation, a fixed seed. The reference for the bench.
 */
public final class MalletBaseline {
    private MalletBaseline() {
    }

    /**
     * One MALLET run.
     *
     * @param seconds       time in {@code estimate()}
     * @param logLikelihood MALLET's {@code modelLogLikelihood()} = log p(w, z)
     */
    public record Result(long tokens, long iterations, double seconds, double logLikelihood) {
        public double tokensPerSecond() {
            return tokens * (double) iterations / seconds;
        }

        public double logLikelihoodPerToken() {
            return logLikelihood / tokens;
        }
    }

    /** Runs MALLET on {@code corpus} (tokens in the corpus's order, as MalletLdaRef builds them). */
    public static Result run(Corpus corpus, int topics, double alpha, double beta, int iterations, int seed) {
        Logger.getLogger("cc.mallet").setLevel(Level.WARNING);
        Alphabet alphabet = new Alphabet();
        for (String w : corpus.vocabulary()) {
            alphabet.lookupIndex(w, true);
        }
        InstanceList instances = new InstanceList(alphabet, null);
        for (int d = 0; d < corpus.documents(); d++) {
            int[] ids = java.util.Arrays.copyOfRange(corpus.words(), corpus.offsets()[d], corpus.offsets()[d + 1]);
            instances.add(new Instance(new FeatureSequence(alphabet, ids), null, "d" + corpus.docIds()[d], null));
        }
        ParallelTopicModel m = new ParallelTopicModel(topics, alpha * topics, beta);
        m.setRandomSeed(seed);
        m.setNumThreads(1);
        m.setNumIterations(iterations);
        m.setOptimizeInterval(0);
        m.setBurninPeriod(iterations + 1);
        m.setSymmetricAlpha(true);
        m.printLogLikelihood = false;
        m.setTopicDisplay(0, 0);
        m.addInstances(instances);
        long t0 = System.nanoTime();
        try {
            m.estimate();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(corpus.tokens(), iterations, seconds, m.modelLogLikelihood());
    }
}

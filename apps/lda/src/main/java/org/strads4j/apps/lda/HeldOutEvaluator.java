package org.strads4j.apps.lda;

import java.util.SplittableRandom;

/**
 * Held-out evaluation and inference of document-topic proportions with the topics fixed.
 *
 * <p><b>Folding in.</b> A document's topic assignments are sampled by collapsed Gibbs with the
 * topic-word probabilities phi fixed: {@code p(z = k) ~ (n_dk + alpha) phi_kw}. After
 * {@code burnIn} sweeps, each of {@code samples} further sweeps adds
 * {@code theta_dk = (n_dk + alpha) / (N_d + K alpha)} to an average. Every document has its own
 * random stream from the seed and its index, so the result depends on the seed alone.
 *
 * <p><b>Document completion</b> ({@link #documentCompletion}; Wallach et al., ICML 2009, section 4):
 * the tokens at even positions of each held-out document are folded in, and the tokens at odd
 * positions are scored, {@code log sum_k theta_dk phi_kw}. The held-out log-likelihood per token
 * and the perplexity {@code exp(-LL / tokens)} are over the scored tokens. A document of one token
 * has nothing to score.
 *
 * <p>Cost: O(K) per token and sweep (the full conditional is dense); it runs once, after training.
 */
public final class HeldOutEvaluator {
    /** Sweeps before averaging and sweeps averaged, unless told. */
    public static final int DEFAULT_BURN_IN = 20;
    public static final int DEFAULT_SAMPLES = 30;

    /** The topics to evaluate against: phi_kw for every k of a word. */
    public interface Topics {
        int topics();

        int vocabularySize();

        /** phi_kw for k = 0..K-1 into {@code out}. */
        void column(int w, double[] out);
    }

    /** The outcome of document completion. */
    public record Result(double logLikelihood, long tokens, int documents) {
        public double perToken() {
            return tokens == 0 ? Double.NaN : logLikelihood / tokens;
        }

        public double perplexity() {
            return Math.exp(-perToken());
        }
    }

    private final int burnIn;
    private final int samples;
    private final long seed;

    public HeldOutEvaluator(int burnIn, int samples, long seed) {
        if (burnIn < 0 || samples < 1) {
            throw new IllegalArgumentException("burn-in " + burnIn + " must be >= 0 and samples " + samples + " >= 1");
        }
        this.burnIn = burnIn;
        this.samples = samples;
        this.seed = seed;
    }

    /** Document completion over {@code test}, whose word ids are the topics' vocabulary. */
    public Result documentCompletion(Topics topics, double alpha, Corpus test) {
        int k = topics.topics();
        double[][] columns = columns(topics, test);
        double[] theta = new double[k];
        double ll = 0;
        long scored = 0;
        int documents = 0;
        int[] offsets = test.offsets();
        int[] words = test.words();
        for (int d = 0; d < test.documents(); d++) {
            int start = offsets[d];
            int length = offsets[d + 1] - start;
            if (length < 2) {
                continue;
            }
            int observed = (length + 1) / 2;
            int[] seen = new int[observed];
            for (int j = 0; j < observed; j++) {
                seen[j] = words[start + 2 * j];
            }
            foldIn(seen, columns, k, alpha, new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (d + 1))), theta);
            for (int i = start + 1; i < offsets[d + 1]; i += 2) {
                double[] phi = columns[words[i]];
                double p = 0;
                for (int t = 0; t < k; t++) {
                    p += theta[t] * phi[t];
                }
                ll += Math.log(p);
                scored++;
            }
            documents++;
        }
        return new Result(ll, scored, documents);
    }

    /** theta for every document of {@code docs} (word ids in the topics' vocabulary), all tokens folded in. */
    public double[][] infer(Topics topics, double alpha, Corpus docs) {
        int k = topics.topics();
        double[][] columns = columns(topics, docs);
        double[][] thetas = new double[docs.documents()][];
        for (int d = 0; d < docs.documents(); d++) {
            int[] seen = java.util.Arrays.copyOfRange(docs.words(), docs.offsets()[d], docs.offsets()[d + 1]);
            double[] theta = new double[k];
            if (seen.length == 0) {
                java.util.Arrays.fill(theta, 1.0 / k);
            } else {
                foldIn(seen, columns, k, alpha, new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (d + 1))), theta);
            }
            thetas[d] = theta;
        }
        return thetas;
    }

    /** phi columns of the words that occur in {@code corpus} (others stay null). */
    private static double[][] columns(Topics topics, Corpus corpus) {
        if (corpus.vocabularySize() > topics.vocabularySize()) {
            throw new IllegalArgumentException("the corpus has " + corpus.vocabularySize()
                    + " words, the topics " + topics.vocabularySize());
        }
        double[][] columns = new double[topics.vocabularySize()][];
        for (int w : corpus.words()) {
            if (columns[w] == null) {
                columns[w] = new double[topics.topics()];
                topics.column(w, columns[w]);
            }
        }
        return columns;
    }

    /** Gibbs over the tokens {@code words} with phi fixed; the averaged theta into {@code theta}. */
    private void foldIn(int[] words, double[][] columns, int k, double alpha, SplittableRandom random,
                        double[] theta) {
        int[] z = new int[words.length];
        int[] counts = new int[k];
        for (int i = 0; i < words.length; i++) {
            z[i] = random.nextInt(k);
            counts[z[i]]++;
        }
        java.util.Arrays.fill(theta, 0);
        double[] p = new double[k];
        double norm = words.length + k * alpha;
        for (int sweep = 0; sweep < burnIn + samples; sweep++) {
            for (int i = 0; i < words.length; i++) {
                counts[z[i]]--;
                double[] phi = columns[words[i]];
                double sum = 0;
                for (int t = 0; t < k; t++) {
                    sum += (counts[t] + alpha) * phi[t];
                    p[t] = sum;
                }
                double u = random.nextDouble() * sum;
                int t = 0;
                while (t < k - 1 && p[t] <= u) {
                    t++;
                }
                z[i] = t;
                counts[t]++;
            }
            if (sweep >= burnIn) {
                for (int t = 0; t < k; t++) {
                    theta[t] += (counts[t] + alpha) / norm;
                }
            }
        }
        for (int t = 0; t < k; t++) {
            theta[t] /= samples;
        }
    }

    /**
     * {@code corpus} with its words mapped by spelling onto {@code vocabulary}; tokens of words the
     * vocabulary lacks are dropped (their count is in {@link Mapped#dropped}).
     */
    public static Mapped mapVocabulary(Corpus corpus, java.util.List<String> vocabulary) {
        java.util.Map<String, Integer> index = new java.util.HashMap<>(vocabulary.size() * 2);
        for (int w = 0; w < vocabulary.size(); w++) {
            index.putIfAbsent(vocabulary.get(w), w);
        }
        int[] map = new int[corpus.vocabularySize()];
        for (int w = 0; w < map.length; w++) {
            Integer to = index.get(corpus.vocabulary().get(w));
            map[w] = to == null ? -1 : to;
        }
        int[] offsets = new int[corpus.documents() + 1];
        IntList kept = new IntList();
        long dropped = 0;
        for (int d = 0; d < corpus.documents(); d++) {
            for (int i = corpus.offsets()[d]; i < corpus.offsets()[d + 1]; i++) {
                int to = map[corpus.words()[i]];
                if (to < 0) {
                    dropped++;
                } else {
                    kept.add(to);
                }
            }
            offsets[d + 1] = kept.size();
        }
        Corpus mapped = new Corpus(vocabulary, corpus.docIds(), offsets, kept.toArray(), corpus.source());
        return new Mapped(mapped, dropped);
    }

    /** A corpus in a model's vocabulary and the tokens dropped on the way. */
    public record Mapped(Corpus corpus, long dropped) {
    }
}

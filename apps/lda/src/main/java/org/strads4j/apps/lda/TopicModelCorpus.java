package org.strads4j.apps.lda;

import java.util.AbstractList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.strads4j.api.BadInputException;

/**
 * Corpora of any size drawn from LDA's own generative model with known topics, for benchmarks
 * and for tests that need the true topics (held-out perplexity, inference). Named on the command
 * line as {@code --corpus synthetic:tokens=20M,vocabulary=100k,topics=50} ({@link Spec#parse}).
 *
 * <p>The true topics: the vocabulary is laid out in a seeded random order, and topic k owns the
 * {@code support} words starting at position {@code k * W / K} (wrapping around), so with the
 * default support of {@code 2 W / K} every word belongs to two topics. Within its support a topic
 * is Zipfian: the word at offset j has probability proportional to {@code 1 / (j + 1)^zipf}.
 * Each document has a length drawn uniformly from {@code [L/2, 3L/2]}, topic proportions
 * {@code theta ~ Dirichlet(alpha)}, and each token a topic from theta and a word from that topic.
 * The same spec always gives the same corpus; {@link #draw} gives new documents from the same
 * topics (a held-out set).
 *
 * <p>Generation is O(tokens + K * support) time and holds only the corpus (4 bytes a token) and
 * one alias table per topic.
 */
public final class TopicModelCorpus {
    /** The prefix that names a generated corpus in {@code --corpus}. */
    public static final String SCHEME = "synthetic:";

    /**
     * What to generate.
     *
     * @param tokens     about this many tokens (documents = tokens / length)
     * @param vocabulary W, the vocabulary size
     * @param topics     K, the true topics
     * @param length     the mean document length
     * @param alpha      the symmetric Dirichlet prior of the documents' topic proportions, per topic
     * @param support    words with nonzero probability in each topic
     * @param zipf       the exponent of each topic's word distribution over its support
     * @param seed       the generator's seed
     */
    public record Spec(long tokens, int vocabulary, int topics, int length, double alpha, int support, double zipf,
                       long seed) {
        /** The largest corpus generated in memory. */
        public static final long MAX_TOKENS = 1_000_000_000L;

        public Spec {
            check(tokens >= 1 && tokens <= MAX_TOKENS, "tokens", tokens, "1.." + MAX_TOKENS);
            check(vocabulary >= 2, "vocabulary", vocabulary, "at least 2");
            check(topics >= 1 && topics <= LdaOptions.MAX_TOPICS, "topics", topics, "1.." + LdaOptions.MAX_TOPICS);
            check(length >= 2, "length", length, "at least 2");
            check(alpha > 0 && Double.isFinite(alpha), "alpha", alpha, "finite and > 0");
            check(support >= 1 && support <= vocabulary, "support", support, "1..vocabulary");
            check(zipf >= 0 && Double.isFinite(zipf), "zipf", zipf, "finite and >= 0");
            check(tokens / length >= 1, "tokens", tokens, "at least one document of the mean length " + length);
            check(tokens / length <= Integer.MAX_VALUE - 1, "tokens", tokens, "fewer documents than 2^31 - 1");
        }

        private static void check(boolean ok, String name, Object value, String rule) {
            if (!ok) {
                throw new BadInputException("Invalid synthetic corpus " + name + ": " + value + " (must be " + rule + ")");
            }
        }

        /** Documents to draw. */
        public int documents() {
            return (int) (tokens / length);
        }

        /**
         * Parses {@code synthetic:key=value,...} with keys tokens, vocabulary, topics, length,
         * alpha, support, zipf and seed; counts may end in k or M (thousands, millions). Absent
         * keys take the defaults: 1M tokens, W = 10k, K = 20, L = 200, alpha = 0.1, support
         * 2W/K, zipf 1, seed 1.
         */
        public static Spec parse(String text) {
            if (!text.startsWith(SCHEME)) {
                throw new BadInputException("Invalid --corpus: " + text + " (a generated corpus starts with " + SCHEME + ")");
            }
            Map<String, String> kv = new LinkedHashMap<>();
            String body = text.substring(SCHEME.length()).trim();
            if (!body.isEmpty()) {
                for (String part : body.split(",")) {
                    int eq = part.indexOf('=');
                    if (eq <= 0) {
                        throw new BadInputException("Invalid --corpus: " + text + " (expected key=value, got '" + part + "')");
                    }
                    String key = part.substring(0, eq).trim();
                    if (!List.of("tokens", "vocabulary", "topics", "length", "alpha", "support", "zipf", "seed").contains(key)) {
                        throw new BadInputException("Invalid --corpus: " + text + " (unknown key '" + key
                                + "'; known: tokens, vocabulary, topics, length, alpha, support, zipf, seed)");
                    }
                    kv.put(key, part.substring(eq + 1).trim());
                }
            }
            int vocabulary = (int) count(kv, "vocabulary", 10_000, text);
            int topics = (int) count(kv, "topics", 20, text);
            int support = (int) count(kv, "support", Math.min(vocabulary, Math.max(1, 2L * vocabulary / Math.max(1, topics))), text);
            return new Spec(count(kv, "tokens", 1_000_000, text), vocabulary, topics, (int) count(kv, "length", 200, text),
                    real(kv, "alpha", 0.1, text), support, real(kv, "zipf", 1.0, text), count(kv, "seed", 1, text));
        }

        private static long count(Map<String, String> kv, String key, long dflt, String text) {
            String v = kv.get(key);
            if (v == null) {
                return dflt;
            }
            long scale = 1;
            if (v.endsWith("k") || v.endsWith("K")) {
                scale = 1_000;
                v = v.substring(0, v.length() - 1);
            } else if (v.endsWith("M") || v.endsWith("m")) {
                scale = 1_000_000;
                v = v.substring(0, v.length() - 1);
            }
            try {
                long n = Math.multiplyExact(Long.parseLong(v), scale);
                if (key.equals("seed") ? false : n > Integer.MAX_VALUE && !key.equals("tokens")) {
                    throw new BadInputException("Invalid --corpus: " + text + " (" + key + " " + n + " is too large)");
                }
                return n;
            } catch (NumberFormatException | ArithmeticException e) {
                throw new BadInputException("Invalid --corpus: " + text + " (" + key + " must be a whole number, got '"
                        + kv.get(key) + "')");
            }
        }

        private static double real(Map<String, String> kv, String key, double dflt, String text) {
            String v = kv.get(key);
            if (v == null) {
                return dflt;
            }
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new BadInputException("Invalid --corpus: " + text + " (" + key + " must be a number, got '" + v + "')");
            }
        }

        /** The canonical spelling, as {@link #parse} reads it. */
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%stokens=%d,vocabulary=%d,topics=%d,length=%d,alpha=%s,support=%d,zipf=%s,seed=%d",
                    SCHEME, tokens, vocabulary, topics, length, alpha, support, zipf, seed);
        }
    }

    private final Spec spec;
    /** Word at each position of the layout, and each word's position. */
    private final int[] wordAt;
    private final int[] positionOf;
    /** Probability of the word at offset j of any topic's support (the same Zipf profile for all). */
    private final double[] profile;
    private final AliasTable supportOffsets;
    private final Corpus corpus;

    private TopicModelCorpus(Spec spec) {
        this.spec = spec;
        int w = spec.vocabulary();
        SplittableRandom random = new SplittableRandom(spec.seed());
        this.wordAt = new int[w];
        this.positionOf = new int[w];
        for (int i = 0; i < w; i++) {
            wordAt[i] = i;
        }
        for (int i = w - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = wordAt[i];
            wordAt[i] = wordAt[j];
            wordAt[j] = t;
        }
        for (int i = 0; i < w; i++) {
            positionOf[wordAt[i]] = i;
        }
        this.profile = new double[spec.support()];
        double sum = 0;
        for (int j = 0; j < profile.length; j++) {
            profile[j] = Math.pow(j + 1, -spec.zipf());
            sum += profile[j];
        }
        for (int j = 0; j < profile.length; j++) {
            profile[j] /= sum;
        }
        this.supportOffsets = new AliasTable(profile);
        this.corpus = drawDocuments(spec.documents(), random.split(), "generated " + spec);
    }

    /** Generates the corpus of {@code spec}. */
    public static TopicModelCorpus generate(Spec spec) {
        return new TopicModelCorpus(spec);
    }

    /** The spec it was generated from. */
    public Spec spec() {
        return spec;
    }

    /** The generated training corpus. */
    public Corpus corpus() {
        return corpus;
    }

    /** {@code documents} new documents from the same topics and the same length and alpha (a held-out set). */
    public Corpus draw(int documents, long seed) {
        return drawDocuments(documents, new SplittableRandom(seed ^ 0x5DEECE66DL), "held-out draw (seed " + seed
                + ") from " + spec);
    }

    /** The true probability of word {@code w} in topic {@code k}. */
    public double wordProbability(int k, int w) {
        int j = offsetIn(k, w);
        return j < profile.length ? profile[j] : 0.0;
    }

    private int offsetIn(int k, int w) {
        int n = spec.vocabulary();
        int start = (int) ((long) k * n / spec.topics());
        return Math.floorMod(positionOf[w] - start, n);
    }

    private Corpus drawDocuments(int documents, SplittableRandom random, String source) {
        int k = spec.topics();
        int n = spec.vocabulary();
        int[] ids = new int[documents];
        int[] lengths = new int[documents];
        long total = 0;
        int low = Math.max(1, spec.length() / 2);
        int span = spec.length() - low;
        for (int d = 0; d < documents; d++) {
            ids[d] = d + 1;
            lengths[d] = low + random.nextInt(2 * span + 1);
            total += lengths[d];
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new BadInputException("Invalid synthetic corpus tokens: " + total + " (more than an array holds)");
        }
        int[] offsets = new int[documents + 1];
        int[] words = new int[(int) total];
        double[] cumulative = new double[k];
        for (int d = 0; d < documents; d++) {
            offsets[d + 1] = offsets[d] + lengths[d];
            double sum = 0;
            for (int t = 0; t < k; t++) {
                sum += Gamma.draw(spec.alpha(), random);
                cumulative[t] = sum;
            }
            if (!(sum > 0)) {
                // Every gamma draw underflowed (tiny alpha): the document has one topic.
                java.util.Arrays.fill(cumulative, 0, k, 0.0);
                int only = random.nextInt(k);
                for (int t = only; t < k; t++) {
                    cumulative[t] = 1;
                }
                sum = 1;
            }
            for (int i = offsets[d]; i < offsets[d + 1]; i++) {
                int topic = search(cumulative, random.nextDouble() * sum);
                int start = (int) ((long) topic * n / k);
                int j = supportOffsets.draw(random);
                words[i] = wordAt[(start + j) % n];
            }
        }
        List<String> vocabulary = new WordNames(n);
        return new Corpus(vocabulary, ids, offsets, words, source);
    }

    /** The first index whose cumulative weight exceeds {@code u}. */
    private static int search(double[] cumulative, double u) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The vocabulary "w0", "w1", ... without a string per word until asked. */
    private static final class WordNames extends AbstractList<String> {
        private final int size;

        WordNames(int size) {
            this.size = size;
        }

        @Override
        public String get(int index) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException(index);
            }
            return "w" + index;
        }

        @Override
        public int size() {
            return size;
        }
    }

    /** Gamma(shape, 1) draws: Marsaglia and Tsang (2000), with the shape < 1 boost. */
    static final class Gamma {
        private Gamma() {
        }

        static double draw(double shape, SplittableRandom random) {
            if (shape < 1) {
                double u = random.nextDouble();
                return draw(shape + 1, random) * Math.pow(u, 1 / shape);
            }
            double d = shape - 1.0 / 3;
            double c = 1 / Math.sqrt(9 * d);
            while (true) {
                double x;
                double v;
                do {
                    x = normal(random);
                    v = 1 + c * x;
                } while (v <= 0);
                v = v * v * v;
                double u = random.nextDouble();
                if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                    return d * v;
                }
            }
        }

        private static double normal(SplittableRandom random) {
            double u;
            double v;
            double s;
            do {
                u = 2 * random.nextDouble() - 1;
                v = 2 * random.nextDouble() - 1;
                s = u * u + v * v;
            } while (s >= 1 || s == 0);
            return u * Math.sqrt(-2 * Math.log(s) / s);
        }
    }
}

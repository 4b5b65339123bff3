package org.strads4j.apps.lda;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Corpora drawn from known topics, for tests and demos. Topic k owns the words
 * {@code [k * wordsPerTopic, (k + 1) * wordsPerTopic)} and draws them uniformly; each document
 * mixes two distinct topics with a uniform proportion, so LDA should recover one learned topic
 * per true topic whose top words all lie in that topic's range.
 */
public final class SyntheticCorpus {
    private SyntheticCorpus() {
    }

    /**
     * @param topics        true topics
     * @param wordsPerTopic words owned by each topic (W = topics * wordsPerTopic)
     * @param documents     documents
     * @param length        tokens per document
     * @param seed          the generator's seed
     */
    public static Corpus generate(int topics, int wordsPerTopic, int documents, int length, long seed) {
        if (topics < 2) {
            throw new IllegalArgumentException("Invalid topics: " + topics + " (need at least 2 to mix)");
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<String> vocab = new ArrayList<>();
        for (int k = 0; k < topics; k++) {
            for (int j = 0; j < wordsPerTopic; j++) {
                vocab.add(String.format("t%02dw%03d", k, j));
            }
        }
        int[] ids = new int[documents];
        int[] offsets = new int[documents + 1];
        int[] words = new int[documents * length];
        for (int d = 0; d < documents; d++) {
            ids[d] = d + 1;
            offsets[d + 1] = offsets[d] + length;
            int a = random.nextInt(topics);
            int b = (a + 1 + random.nextInt(topics - 1)) % topics;
            double mix = random.nextDouble();
            for (int i = offsets[d]; i < offsets[d + 1]; i++) {
                int k = random.nextDouble() < mix ? a : b;
                words[i] = k * wordsPerTopic + random.nextInt(wordsPerTopic);
            }
        }
        return new Corpus(vocab, ids, offsets, words, "synthetic(" + topics + " topics, seed " + seed + ")");
    }

    /** The true topic of word {@code w}. */
    public static int topicOf(int w, int wordsPerTopic) {
        return w / wordsPerTopic;
    }
}

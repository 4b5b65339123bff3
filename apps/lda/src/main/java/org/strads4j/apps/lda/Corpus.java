package org.strads4j.apps.lda;

import java.util.List;

/**
 * A tokenised corpus in memory: the vocabulary and every document as a run of word ids.
 *
 * <p>Tokens are stored document-major in one array: document {@code d} is
 * {@code words[offsets[d] .. offsets[d + 1])}. Word ids count from 0; {@code docIds[d]} is the
 * document's id in its file (1-based: the UCI doc id, or the line number of a plain-text file).
 *
 * @param vocabulary word {@code w}'s spelling at index {@code w}
 * @param docIds     each document's id in its source file
 * @param offsets    document boundaries, length {@code documents() + 1}
 * @param words      the tokens' word ids, document after document
 * @param source     where the corpus came from (for provenance and messages)
 */
public record Corpus(List<String> vocabulary, int[] docIds, int[] offsets, int[] words, String source) {

    public Corpus {
        vocabulary = List.copyOf(vocabulary);
        if (offsets.length != docIds.length + 1 || offsets[offsets.length - 1] != words.length) {
            throw new IllegalArgumentException("inconsistent corpus arrays");
        }
    }

    /** Number of documents. */
    public int documents() {
        return docIds.length;
    }

    /** Vocabulary size W. */
    public int vocabularySize() {
        return vocabulary.size();
    }

    /** Total number of tokens N. */
    public int tokens() {
        return words.length;
    }

    /** Tokens of document {@code d}. */
    public int length(int d) {
        return offsets[d + 1] - offsets[d];
    }

    /** How many tokens each word has in the whole corpus. */
    public int[] wordFrequencies() {
        int[] f = new int[vocabulary.size()];
        for (int w : words) {
            f[w]++;
        }
        return f;
    }
}

package org.strads4j.apps.lda;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
public record Corpus(List<String> vocabulary, int[] docIds, int[] offsets, int[] words, String source)
        implements java.io.Serializable {

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

    /** Writes the corpus as UCI bag-of-words ({@code docword.txt} + {@code vocab.txt}) into {@code dir}. */
    public void writeUci(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("vocab.txt"), vocabulary, StandardCharsets.UTF_8);
        StringBuilder body = new StringBuilder();
        long nnz = 0;
        for (int d = 0; d < documents(); d++) {
            int[] doc = Arrays.copyOfRange(words, offsets[d], offsets[d + 1]);
            Arrays.sort(doc);
            for (int i = 0; i < doc.length; ) {
                int j = i;
                while (j < doc.length && doc[j] == doc[i]) {
                    j++;
                }
                body.append(d + 1).append(' ').append(doc[i] + 1).append(' ').append(j - i).append('\n');
                nnz++;
                i = j;
            }
        }
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("docword.txt"), StandardCharsets.UTF_8)) {
            out.write(documents() + "\n" + vocabularySize() + "\n" + nnz + "\n");
            out.write(body.toString());
        }
    }
}

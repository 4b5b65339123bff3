package org.strads4j.apps.lda;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The vocabulary cut into B blocks of about equal token mass, and the layout of each block's
 * word-topic rows: the unit the STRADS LDA schedule rotates between workers.
 *
 * <p>Words are dealt largest first to the block with the fewest tokens so far (greedy
 * balancing), then numbered within their block by word id. Word {@code w} is word
 * {@link #localIndex(int) localIndex(w)} of block {@link #blockOf(int) blockOf(w)}; its row in
 * that block's packed table ({@link TopicCountCodec}) is
 * {@code rows[rowStart(b)[l] .. rowStart(b)[l + 1])}, with {@code min(K, frequency(w))} slots:
 * a word can never have more nonzero topics than tokens, so rows never grow.
 *
 * <pre>
 * frequencies [5, 1, 3, 3], B = 2, K = 2: word 0 -> block 0 (load 5), word 2 -> block 1 (3),
 * word 3 -> block 1 (6), word 1 -> block 0 (6)
 *   block 0: words {0, 1}, rows [0, 2) [2, 3)
 *   block 1: words {2, 3}, rows [0, 2) [2, 4)
 * </pre>
 */
public final class VocabularyBlocks implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int[] blockOf;
    private final int[] localIndex;
    private final int[][] words;
    private final int[][] rowStart;
    private final long[] tokens;

    private VocabularyBlocks(int[] blockOf, int[] localIndex, int[][] words, int[][] rowStart, long[] tokens) {
        this.blockOf = blockOf;
        this.localIndex = localIndex;
        this.words = words;
        this.rowStart = rowStart;
        this.tokens = tokens;
    }

    /** Cuts a vocabulary with these word frequencies into {@code blocks} blocks for {@code topics} topics. */
    public static VocabularyBlocks balanced(int[] frequencies, int blocks, int topics) {
        if (blocks < 1) {
            throw new IllegalArgumentException("Invalid blocks: " + blocks);
        }
        int w = frequencies.length;
        long[] order = new long[w];
        for (int i = 0; i < w; i++) {
            // sort by frequency descending, then word id ascending
            order[i] = ((long) (Integer.MAX_VALUE - frequencies[i]) << 32) | i;
        }
        Arrays.sort(order);
        int[] blockOf = new int[w];
        long[] load = new long[blocks];
        int[] sizes = new int[blocks];
        for (long o : order) {
            int word = (int) o;
            int best = 0;
            for (int b = 1; b < blocks; b++) {
                if (load[b] < load[best]) {
                    best = b;
                }
            }
            blockOf[word] = best;
            load[best] += frequencies[word];
            sizes[best]++;
        }
        int[][] words = new int[blocks][];
        int[][] rowStart = new int[blocks][];
        int[] localIndex = new int[w];
        for (int b = 0; b < blocks; b++) {
            words[b] = new int[sizes[b]];
            rowStart[b] = new int[sizes[b] + 1];
        }
        int[] fill = new int[blocks];
        for (int word = 0; word < w; word++) {
            int b = blockOf[word];
            int l = fill[b]++;
            words[b][l] = word;
            localIndex[word] = l;
            rowStart[b][l + 1] = rowStart[b][l] + Math.min(topics, frequencies[word]);
        }
        return new VocabularyBlocks(blockOf, localIndex, words, rowStart, load);
    }

    /** Number of blocks B. */
    public int blocks() {
        return words.length;
    }

    /** The block of word {@code w}. */
    public int blockOf(int w) {
        return blockOf[w];
    }

    /** Word {@code w}'s index within its block. */
    public int localIndex(int w) {
        return localIndex[w];
    }

    /** The word ids of block {@code b}, ascending. */
    public int[] words(int b) {
        return words[b];
    }

    /** The row boundaries of block {@code b}'s packed table (length = words + 1; read only). */
    public int[] rowStart(int b) {
        return rowStart[b];
    }

    /** Slots of block {@code b}'s packed table. */
    public int rowSlots(int b) {
        return rowStart[b][rowStart[b].length - 1];
    }

    /** Tokens whose word is in block {@code b}. */
    public long tokens(int b) {
        return tokens[b];
    }
}

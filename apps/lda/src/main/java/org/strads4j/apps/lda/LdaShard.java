package org.strads4j.apps.lda;

import java.io.Serializable;

/**
 * One worker's data: a contiguous range of documents, their tokens cut by vocabulary block, the
 * initial topic of every token, the initial topic totals, and the initial word-topic tables of the
 * c blocks the worker samples first in round 1 (blocks {@code worker * c .. worker * c + c - 1};
 * the others arrive by rotation from the other workers). Immutable once planned.
 */
public final class LdaShard implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int worker;
    private final int[] docIds;
    private final int[] docLengths;
    private final TokenBlock[] blocks;
    private final int[][] initialTopics;
    private final int[] initialTopicTotals;
    private final int firstBlock;
    private final int[][] initialRows;
    private final VocabularyBlocks layout;

    public LdaShard(int worker, int[] docIds, int[] docLengths, TokenBlock[] blocks, int[][] initialTopics,
                    int[] initialTopicTotals, int firstBlock, int[][] initialRows, VocabularyBlocks layout) {
        this.worker = worker;
        this.docIds = docIds;
        this.docLengths = docLengths;
        this.blocks = blocks;
        this.initialTopics = initialTopics;
        this.initialTopicTotals = initialTopicTotals;
        this.firstBlock = firstBlock;
        this.initialRows = initialRows;
        this.layout = layout;
    }

    public int worker() {
        return worker;
    }

    /** Number of documents in the shard. */
    public int documents() {
        return docIds.length;
    }

    /** The documents' ids in the corpus file (read only). */
    public int[] docIds() {
        return docIds;
    }

    /** The documents' token counts (read only). */
    public int[] docLengths() {
        return docLengths;
    }

    /** The shard's tokens in vocabulary block {@code b}. */
    public TokenBlock tokens(int b) {
        return blocks[b];
    }

    /** Initial topic of each token of block {@code b} (read only: copy before sampling). */
    public int[] initialTopics(int b) {
        return initialTopics[b];
    }

    /** The initial topic totals n_k of the whole corpus (read only). */
    public int[] initialTopicTotals() {
        return initialTopicTotals;
    }

    /** A fresh copy of the initial word-topic table of block {@code b}, one of the worker's first blocks. */
    public int[] initialRows(int b) {
        if (b < firstBlock || b >= firstBlock + initialRows.length) {
            throw new IllegalStateException("worker " + worker + " holds the initial tables of blocks " + firstBlock + ".."
                    + (firstBlock + initialRows.length - 1) + ", not of block " + b
                    + ": the rotation must start with those blocks on this worker");
        }
        return initialRows[b - firstBlock].clone();
    }

    /** The vocabulary blocks and their row layout. */
    public VocabularyBlocks layout() {
        return layout;
    }

    /** Tokens in the shard. */
    public long tokens() {
        long n = 0;
        for (int len : docLengths) {
            n += len;
        }
        return n;
    }
}

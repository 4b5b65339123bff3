package org.strads4j.apps.lda;

import java.util.SplittableRandom;

/**
 * Collapsed Gibbs sampling for LDA (Griffiths and Steyvers, PNAS 2004) with the SparseLDA
 * bucket decomposition (Yao, Mimno and McCallum, KDD 2009), over the tokens of one vocabulary
 * block.
 *
 * <p>The full conditional of a token of word w in document d, with its own count removed, is
 * <pre>
 * p(z = k) ~ (alpha + n_dk)(beta + n_wk) / (W beta + n_k)
 *          =  alpha beta / (W beta + n_k)            s: smoothing, dense but global
 *           + n_dk beta  / (W beta + n_k)            r: only the document's topics
 *           + (alpha + n_dk) n_wk / (W beta + n_k)   q: only the word's topics
 * </pre>
 * s is kept up to date per change, r per document, and q is summed over the word's nonzero
 * topics with the cached coefficient {@code (alpha + n_dk) / (W beta + n_k)}. Most of the mass
 * is in q, so a token costs about as much as its word has nonzero topics, not K. The walks of the
 * rarer r and s draws multiply by cached {@code 1 / (W beta + n_k)} instead of dividing (at
 * K = 1000 on Brown about 12% of draws land in r, walking ~175 topics, and 1.6% in s).
 *
 * <p>Steps per token ({@link #sweep}): remove the token from the document and topic counts and
 * from its word's row, draw a topic from s + r + q, add it back. The word-topic rows are packed
 * ({@link TopicCountCodec}) and belong to this worker for the sweep (the rotation guarantees no
 * one else samples these words); the topic totals n_k are this worker's view, synchronised
 * between sub-rounds. Not thread-safe: one sampler per worker.
 */
public final class SparseGibbsSampler implements TokenSampler {
    private final int topics;
    private final double alpha;
    private final double beta;
    private final double betaSum;
    private final double alphaBeta;
    private final TopicCountCodec codec;
    private final int bits;
    private final int mask;

    /** (alpha + n_dk) / (W beta + n_k) for the current document. */
    private final double[] coefficient;
    /** 1 / (W beta + n_k), kept in step with n_k. */
    private final double[] inverse;
    /** The current document's nonzero topics, unordered, and each topic's index in that list. */
    private final int[] docTopics;
    private final int[] docTopicIndex;
    /** The row slot of the topic drawn from q, or -1 when it came from r or s. */
    private int drawnSlot;
    private int docTopicCount;
    private double smoothingMass;
    private double docMass;

    private int[] docTopicCounts;
    private int docBase;
    private int[] topicTotals;

    public SparseGibbsSampler(LdaHyperparameters h) {
        this.topics = h.topics();
        this.alpha = h.alpha();
        this.beta = h.beta();
        this.betaSum = h.betaSum();
        this.alphaBeta = alpha * beta;
        this.codec = new TopicCountCodec(topics);
        this.bits = codec.bits();
        this.mask = (1 << bits) - 1;
        this.coefficient = new double[topics];
        this.inverse = new double[topics];
        this.docTopics = new int[topics];
        this.docTopicIndex = new int[topics];
    }

    /** One Gibbs sweep over the tokens of a block (the block's index does not matter here). */
    @Override
    public long sweep(int block, TokenBlock tokens, int[] z, int[] docTopicCounts, int[] topicTotals, int[] rows,
                      int[] rowStart, SplittableRandom random) {
        return sweep(tokens, z, docTopicCounts, topicTotals, rows, rowStart, random);
    }

    /**
     * One Gibbs sweep over the tokens of a block.
     *
     * @param tokens         the tokens, document-major, words local to the block
     * @param z              their topics, updated in place
     * @param docTopicCounts n_dk for the shard's documents, dense (document d at d * K), updated
     * @param topicTotals    n_k, updated
     * @param rows           the block's packed word-topic rows, updated
     * @param rowStart       row boundaries by local word
     * @param random         this worker's random stream
     * @return tokens sampled
     */
    public long sweep(TokenBlock tokens, int[] z, int[] docTopicCounts, int[] topicTotals, int[] rows,
                      int[] rowStart, SplittableRandom random) {
        this.docTopicCounts = docTopicCounts;
        this.topicTotals = topicTotals;
        beginSweep();
        int[] offsets = tokens.offsets();
        int[] words = tokens.words();
        int documents = offsets.length - 1;
        for (int d = 0; d < documents; d++) {
            int start = offsets[d];
            int end = offsets[d + 1];
            if (start == end) {
                continue;
            }
            beginDocument(d);
            for (int i = start; i < end; i++) {
                int w = words[i];
                int rs = rowStart[w];
                int re = rowStart[w + 1];
                int old = z[i];
                removeFromDocument(old);
                codec.decrement(rows, rs, re, old);
                int k = drawTopic(rows, rs, re, random.nextDouble());
                addToDocument(k);
                if (drawnSlot >= 0) {
                    codec.incrementSlot(rows, rs, drawnSlot);
                } else {
                    codec.increment(rows, rs, re, k);
                }
                z[i] = k;
            }
            endDocument();
        }
        return words.length;
    }

    /** s and the coefficients of a document with no tokens, from the current n_k. */
    private void beginSweep() {
        double s = 0;
        for (int k = 0; k < topics; k++) {
            double inv = 1 / (betaSum + topicTotals[k]);
            inverse[k] = inv;
            s += alphaBeta * inv;
            coefficient[k] = alpha * inv;
        }
        smoothingMass = s;
    }

    /** r, the nonzero-topic list and the coefficients of document {@code d}. */
    private void beginDocument(int d) {
        docBase = d * topics;
        docTopicCount = 0;
        double r = 0;
        for (int k = 0; k < topics; k++) {
            int c = docTopicCounts[docBase + k];
            if (c > 0) {
                docTopicIndex[k] = docTopicCount;
                docTopics[docTopicCount++] = k;
                r += beta * c * inverse[k];
                coefficient[k] = (alpha + c) * inverse[k];
            }
        }
        docMass = r;
    }

    /** Resets the document's coefficients to those of an empty document. */
    private void endDocument() {
        for (int t = 0; t < docTopicCount; t++) {
            int k = docTopics[t];
            coefficient[k] = alpha * inverse[k];
        }
    }

    private void removeFromDocument(int k) {
        double inv = inverse[k];
        int c = docTopicCounts[docBase + k];
        smoothingMass -= alphaBeta * inv;
        docMass -= beta * c * inv;
        c--;
        docTopicCounts[docBase + k] = c;
        inv = 1 / (betaSum + --topicTotals[k]);
        inverse[k] = inv;
        smoothingMass += alphaBeta * inv;
        docMass += beta * c * inv;
        coefficient[k] = (alpha + c) * inv;
        if (c == 0) {
            int moved = docTopics[--docTopicCount];
            int t = docTopicIndex[k];
            docTopics[t] = moved;
            docTopicIndex[moved] = t;
        }
    }

    private void addToDocument(int k) {
        double inv = inverse[k];
        int c = docTopicCounts[docBase + k];
        smoothingMass -= alphaBeta * inv;
        docMass -= beta * c * inv;
        if (c == 0) {
            docTopicIndex[k] = docTopicCount;
            docTopics[docTopicCount++] = k;
        }
        c++;
        docTopicCounts[docBase + k] = c;
        inv = 1 / (betaSum + ++topicTotals[k]);
        inverse[k] = inv;
        smoothingMass += alphaBeta * inv;
        docMass += beta * c * inv;
        coefficient[k] = (alpha + c) * inv;
    }

    /**
     * Draws a topic from s + r + q for the word whose row is {@code rows[rs .. re)}. The q terms
     * are summed in one pass and recomputed only up to the drawn slot, which is usually among the
     * first: the row is sorted by count.
     */
    private int drawTopic(int[] rows, int rs, int re, double uniform) {
        double q = 0;
        int end = rs;
        while (end < re) {
            int p = rows[end];
            if (p == 0) {
                break;
            }
            q += coefficient[p & mask] * (p >>> bits);
            end++;
        }
        double u = uniform * (smoothingMass + docMass + q);
        if (u < q) {
            int j = rs;
            int last = end - 1;
            while (j < last) {
                int p = rows[j];
                u -= coefficient[p & mask] * (p >>> bits);
                if (u <= 0) {
                    break;
                }
                j++;
            }
            drawnSlot = j;
            return rows[j] & mask;
        }
        drawnSlot = -1;
        u -= q;
        if (u < docMass && docTopicCount > 0) {
            return drawFromDocument(u / beta);
        }
        return drawSmoothing((u - docMass) / alphaBeta);
    }

    /** The r bucket: topic k with weight n_dk / (W beta + n_k). */
    private int drawFromDocument(double u) {
        for (int t = 0; t < docTopicCount - 1; t++) {
            int k = docTopics[t];
            u -= docTopicCounts[docBase + k] * inverse[k];
            if (u <= 0) {
                return k;
            }
        }
        return docTopics[docTopicCount - 1];
    }

    /** The s bucket: topic k with weight 1 / (W beta + n_k). */
    private int drawSmoothing(double u) {
        for (int k = 0; k < topics - 1; k++) {
            u -= inverse[k];
            if (u <= 0) {
                return k;
            }
        }
        return topics - 1;
    }
}

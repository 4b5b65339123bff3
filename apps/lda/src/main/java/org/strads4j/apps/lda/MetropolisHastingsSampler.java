package org.strads4j.apps.lda;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Metropolis-Hastings sampling for LDA in O(1) per token whatever K, with LightLDA's alternating
 * word and document proposals (Yuan et al., WWW 2015), made exact for the STRADS rotation.
 *
 * <p>The target is the collapsed conditional of a token of word w in document d,
 * <pre>
 * p(z = k) ~ (n_dk + alpha)(n_wk + beta) / (n_k + W beta)      (counts without the token)
 * </pre>
 * Each MH step proposes a topic t from one of two proposals and accepts it with the MH ratio:
 * <ul>
 *   <li><b>Word proposal</b> {@code q(t) ~ n_wt + beta}, counts with the token. While a worker holds
 *       a block's rows nobody else samples its words, so the word's counts are the worker's own
 *       tokens of w (which change as it samples) plus everyone else's (which do not). A draw picks
 *       a uniformly random own token of w and takes its current topic, or draws from an alias table
 *       of the others' counts built once per word and block, or a uniform topic for the beta part:
 *       this is exactly {@code n_wt + beta} at every moment, so the chain is exact MH, not the
 *       stale-table approximation. Acceptance: {@code min(1, (n_dt + alpha)(n_s + W beta - 1) /
 *       ((n_ds - 1 + alpha)(n_t + W beta)))} (s the current topic).</li>
 *   <li><b>Document proposal</b> {@code q(t) ~ n_dt + alpha}: a uniformly random token of the
 *       document (over all blocks; a document-major mirror of the worker's topics) and its
 *       current topic, or a uniform topic for the alpha part. Acceptance: {@code min(1,
 *       (n_wt + beta)(n_s + W beta - 1) / ((n_ws - 1 + beta)(n_t + W beta)))}.</li>
 * </ul>
 * Tokens are visited word by word, so n_wk of the current word is a dense array and every count
 * an acceptance needs is one array read. A word's packed row is decoded once before its tokens
 * and re-encoded once after (sorted by count, as {@link TopicCountCodec} requires); this and the
 * alias table cost O(nonzero topics of the word) per word and block, shared by its tokens.
 *
 * <p>{@code steps} cycles of (word proposal, document proposal) per token per sweep; the chain
 * mixes more slowly per sweep than exact Gibbs, much faster per second at large K. Extra memory:
 * for each token its position in word order, its document and its mirror slot, and the mirror
 * itself (16 bytes a token).
 */
public final class MetropolisHastingsSampler implements TokenSampler {
    private final int topics;
    private final double alpha;
    private final double beta;
    private final double betaSum;
    private final int steps;
    private final TopicCountCodec codec;
    private final int bits;
    private final int mask;

    private final TokenBlock[] blocks;
    private final int[][] topicsByBlock;
    /** Per block: token indices in word order, their documents and mirror slots, word starts. */
    private final int[][] tokenAt;
    private final int[][] docAt;
    private final int[][] mirrorAt;
    private final int[][] wordStart;
    /** The topics of the worker's tokens, document-major over all blocks; documents start at docStart. */
    private final int[] docStart;
    private final int[] mirror;
    private boolean mirrorValid;

    /** The current word's n_wk (dense; cleared after the word), its topics with nonzero counts, own counts. */
    private final int[] wordCounts;
    private final int[] wordTopics;
    private final int[] listed;
    private int listedStamp;
    private final int[] ownCounts;
    /** The alias table of the other workers' counts of the current word. */
    private final double[] aliasThreshold;
    private final int[] aliasTopic;
    private final int[] aliasOther;
    private final int[] small;
    private final int[] large;
    private final int[] packed;

    /**
     * @param h              the hyperparameters
     * @param steps          (word, document) proposal cycles per token and sweep, at least 1
     * @param blocks         the worker's tokens of every vocabulary block
     * @param topicsByBlock  their topics (the arrays the worker keeps; read and written in place)
     * @param documents      the worker's documents
     */
    public MetropolisHastingsSampler(LdaHyperparameters h, int steps, TokenBlock[] blocks, int[][] topicsByBlock,
                                     int documents) {
        if (steps < 1) {
            throw new IllegalArgumentException("MH steps must be at least 1, got " + steps);
        }
        this.topics = h.topics();
        this.alpha = h.alpha();
        this.beta = h.beta();
        this.betaSum = h.betaSum();
        this.steps = steps;
        this.codec = new TopicCountCodec(topics);
        this.bits = codec.bits();
        this.mask = (1 << bits) - 1;
        this.blocks = blocks;
        this.topicsByBlock = topicsByBlock;
        int n = blocks.length;
        this.tokenAt = new int[n][];
        this.docAt = new int[n][];
        this.mirrorAt = new int[n][];
        this.wordStart = new int[n][];
        this.docStart = new int[documents + 1];
        for (TokenBlock b : blocks) {
            int[] offsets = b.offsets();
            for (int d = 0; d < documents; d++) {
                docStart[d + 1] += offsets[d + 1] - offsets[d];
            }
        }
        for (int d = 0; d < documents; d++) {
            docStart[d + 1] += docStart[d];
        }
        this.mirror = new int[docStart[documents]];
        int[] fill = Arrays.copyOf(docStart, documents);
        for (int b = 0; b < n; b++) {
            index(b, fill);
        }
        this.wordCounts = new int[topics];
        this.wordTopics = new int[topics];
        this.listed = new int[topics];
        this.ownCounts = new int[topics];
        this.aliasThreshold = new double[topics];
        this.aliasTopic = new int[topics];
        this.aliasOther = new int[topics];
        this.small = new int[topics];
        this.large = new int[topics];
        this.packed = new int[topics];
    }

    @Override
    public void topicsReplaced() {
        mirrorValid = false;
    }

    @Override
    public long sweep(int block, TokenBlock tokens, int[] z, int[] docTopicCounts, int[] topicTotals, int[] rows,
                      int[] rowStart, SplittableRandom random) {
        if (tokens != blocks[block] || z != topicsByBlock[block]) {
            throw new IllegalArgumentException("block " + block + " is not the one this sampler was made for");
        }
        if (!mirrorValid) {
            refreshMirror();
        }
        int[] order = tokenAt[block];
        int[] docs = docAt[block];
        int[] slots = mirrorAt[block];
        int[] starts = wordStart[block];
        int words = starts.length - 1;
        double kAlpha = topics * alpha;
        double kBeta = topics * beta;
        for (int l = 0; l < words; l++) {
            int first = starts[l];
            int last = starts[l + 1];
            if (first == last) {
                continue;
            }
            int rs = rowStart[l];
            int re = rowStart[l + 1];
            int total = loadRow(rows, rs, re);
            int own = last - first;
            int others = total - own;
            if (others > 0) {
                buildOthersAlias(order, z, first, last);
            }
            double wordMass = total + kBeta;
            boolean changed = false;
            for (int j = first; j < last; j++) {
                int i = order[j];
                int d = docs[j];
                int base = d * topics;
                int s = z[i];
                int docLength = docStart[d + 1] - docStart[d];
                double docMass = docLength + kAlpha;
                for (int step = 0; step < steps; step++) {
                    // Word proposal: n_wt + beta.
                    double u = random.nextDouble() * wordMass;
                    int t;
                    if (u < own) {
                        t = z[order[first + (int) u]];
                    } else if (u < total) {
                        t = drawOthers(random);
                    } else {
                        t = Math.min(topics - 1, (int) ((u - total) / beta));
                    }
                    if (t != s) {
                        double accept = (docTopicCounts[base + t] + alpha) * (topicTotals[s] - 1 + betaSum)
                                / ((docTopicCounts[base + s] - 1 + alpha) * (topicTotals[t] + betaSum));
                        if (accept >= 1 || random.nextDouble() < accept) {
                            move(i, j, base, s, t, z, slots, docTopicCounts, topicTotals);
                            s = t;
                            changed = true;
                        }
                    }
                    // Document proposal: n_dt + alpha.
                    u = random.nextDouble() * docMass;
                    if (u < docLength) {
                        t = mirror[docStart[d] + (int) u];
                    } else {
                        t = Math.min(topics - 1, (int) ((u - docLength) / alpha));
                    }
                    if (t != s) {
                        double accept = (wordCounts[t] + beta) * (topicTotals[s] - 1 + betaSum)
                                / ((wordCounts[s] - 1 + beta) * (topicTotals[t] + betaSum));
                        if (accept >= 1 || random.nextDouble() < accept) {
                            move(i, j, base, s, t, z, slots, docTopicCounts, topicTotals);
                            s = t;
                            changed = true;
                        }
                    }
                }
            }
            storeRow(rows, rs, re, changed);
        }
        return tokens.size();
    }

    /** Moves token i (word-order position j) from topic s to t in every count. */
    private void move(int i, int j, int base, int s, int t, int[] z, int[] slots, int[] docTopicCounts,
                      int[] topicTotals) {
        docTopicCounts[base + s]--;
        docTopicCounts[base + t]++;
        topicTotals[s]--;
        topicTotals[t]++;
        wordCounts[s]--;
        if (wordCounts[t]++ == 0) {
            list(t);
        }
        z[i] = t;
        mirror[slots[j]] = t;
    }

    /** Decodes the word's row into {@link #wordCounts}; returns its token count. */
    private int loadRow(int[] rows, int rs, int re) {
        listedStamp++;
        if (listedStamp == Integer.MAX_VALUE) {
            Arrays.fill(listed, 0);
            listedStamp = 1;
        }
        wordTopicCount = 0;
        int total = 0;
        for (int j = rs; j < re; j++) {
            int p = rows[j];
            if (p == 0) {
                break;
            }
            int k = p & mask;
            int c = p >>> bits;
            wordCounts[k] = c;
            list(k);
            total += c;
        }
        return total;
    }

    private int wordTopicCount;

    private void list(int k) {
        if (listed[k] != listedStamp) {
            listed[k] = listedStamp;
            wordTopics[wordTopicCount++] = k;
        }
    }

    /** Writes {@link #wordCounts} back as a packed row, largest count first, and clears it. */
    private void storeRow(int[] rows, int rs, int re, boolean changed) {
        if (!changed) {
            for (int x = 0; x < wordTopicCount; x++) {
                wordCounts[wordTopics[x]] = 0;
            }
            return;
        }
        int n = 0;
        for (int x = 0; x < wordTopicCount; x++) {
            int k = wordTopics[x];
            int c = wordCounts[k];
            if (c > 0) {
                packed[n++] = (c << bits) | k;
            }
            wordCounts[k] = 0;
        }
        if (n > re - rs) {
            throw new IllegalStateException("a word has " + n + " topics but its row holds " + (re - rs));
        }
        Arrays.sort(packed, 0, n);
        for (int x = 0; x < n; x++) {
            rows[rs + x] = packed[n - 1 - x];
        }
        for (int j = rs + n; j < re && rows[j] != 0; j++) {
            rows[j] = 0;
        }
    }

    /** The alias table of n_wk minus this worker's tokens of the word (fixed while it holds the block). */
    private void buildOthersAlias(int[] order, int[] z, int first, int last) {
        for (int j = first; j < last; j++) {
            ownCounts[z[order[j]]]++;
        }
        int n = 0;
        double sum = 0;
        for (int x = 0; x < wordTopicCount; x++) {
            int k = wordTopics[x];
            int o = wordCounts[k] - ownCounts[k];
            if (o > 0) {
                aliasTopic[n] = k;
                aliasThreshold[n] = o;
                sum += o;
                n++;
            }
        }
        for (int j = first; j < last; j++) {
            ownCounts[z[order[j]]] = 0;
        }
        aliasSize = n;
        int ns = 0;
        int nl = 0;
        for (int x = 0; x < n; x++) {
            aliasThreshold[x] = aliasThreshold[x] * n / sum;
            aliasOther[x] = aliasTopic[x];
            if (aliasThreshold[x] < 1) {
                small[ns++] = x;
            } else {
                large[nl++] = x;
            }
        }
        while (ns > 0 && nl > 0) {
            int s = small[--ns];
            int l = large[--nl];
            aliasOther[s] = aliasTopic[l];
            aliasThreshold[l] -= 1 - aliasThreshold[s];
            if (aliasThreshold[l] < 1) {
                small[ns++] = l;
            } else {
                large[nl++] = l;
            }
        }
        while (nl > 0) {
            aliasThreshold[large[--nl]] = 1;
        }
        while (ns > 0) {
            aliasThreshold[small[--ns]] = 1;
        }
    }

    private int aliasSize;

    private int drawOthers(SplittableRandom random) {
        double u = random.nextDouble() * aliasSize;
        int x = (int) u;
        return u - x < aliasThreshold[x] ? aliasTopic[x] : aliasOther[x];
    }

    /**
     * The word-order index of block b: tokens sorted by word (stable), their documents and their
     * mirror slots ({@code fill}: each document's next free slot).
     */
    private void index(int b, int[] fill) {
        TokenBlock block = blocks[b];
        int[] words = block.words();
        int[] offsets = block.offsets();
        int maxWord = -1;
        for (int w : words) {
            maxWord = Math.max(maxWord, w);
        }
        int[] starts = new int[maxWord + 2];
        for (int w : words) {
            starts[w + 1]++;
        }
        for (int w = 0; w <= maxWord; w++) {
            starts[w + 1] += starts[w];
        }
        int[] next = Arrays.copyOf(starts, Math.max(0, maxWord + 1));
        int[] order = new int[words.length];
        int[] docs = new int[words.length];
        int[] slots = new int[words.length];
        for (int d = 0; d + 1 < offsets.length; d++) {
            for (int i = offsets[d]; i < offsets[d + 1]; i++) {
                int j = next[words[i]]++;
                order[j] = i;
                docs[j] = d;
                slots[j] = fill[d]++;
            }
        }
        tokenAt[b] = order;
        docAt[b] = docs;
        mirrorAt[b] = slots;
        wordStart[b] = starts;
    }

    /** Copies every block's topics into the document-major mirror. */
    private void refreshMirror() {
        for (int b = 0; b < blocks.length; b++) {
            int[] z = topicsByBlock[b];
            int[] order = tokenAt[b];
            int[] slots = mirrorAt[b];
            for (int j = 0; j < order.length; j++) {
                mirror[slots[j]] = z[order[j]];
            }
        }
        mirrorValid = true;
    }
}

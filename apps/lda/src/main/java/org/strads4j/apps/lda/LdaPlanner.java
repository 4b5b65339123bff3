package org.strads4j.apps.lda;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.strads4j.api.BadInputException;

/**
 * Plans an LDA job once, on the coordinator: cuts the vocabulary into B = workers blocks
 * ({@link VocabularyBlocks}), deals the documents to the workers in contiguous ranges of about
 * equal token count, draws every token's initial topic uniformly (one stream over the whole
 * corpus, so the start does not depend on the node count), and builds the initial count tables.
 */
public final class LdaPlanner {
    private final Corpus corpus;
    private final LdaHyperparameters hyper;
    private final VocabularyBlocks layout;
    private final int[] topics;
    private final int[] topicTotals;

    /** Plans {@code corpus} for {@code hyper.blocks()} workers with initial topics from {@code seed}. */
    public LdaPlanner(Corpus corpus, LdaHyperparameters hyper, long seed) {
        this.corpus = corpus;
        this.hyper = hyper;
        int[] freq = corpus.wordFrequencies();
        TopicCountCodec codec = new TopicCountCodec(hyper.topics());
        for (int w = 0; w < freq.length; w++) {
            if (freq[w] > codec.maxCount()) {
                throw new BadInputException("word '" + corpus.vocabulary().get(w) + "' has " + freq[w]
                        + " tokens, more than the " + codec.maxCount() + " a packed count holds with "
                        + hyper.topics() + " topics");
            }
        }
        this.layout = VocabularyBlocks.balanced(freq, hyper.blocks(), hyper.topics());
        this.topics = new int[corpus.tokens()];
        this.topicTotals = new int[hyper.topics()];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < topics.length; i++) {
            int k = random.nextInt(hyper.topics());
            topics[i] = k;
            topicTotals[k]++;
        }
    }

    /** The vocabulary layout. */
    public VocabularyBlocks layout() {
        return layout;
    }

    /** One shard per worker. */
    public List<LdaShard> shards() {
        int workers = hyper.blocks();
        int[] docStart = documentRanges(workers);
        List<LdaShard> shards = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            shards.add(shard(w, docStart[w], docStart[w + 1]));
        }
        return shards;
    }

    /** Contiguous document ranges of about N / workers tokens: worker w gets [start[w], start[w+1]). */
    int[] documentRanges(int workers) {
        int[] start = new int[workers + 1];
        int d = 0;
        long total = corpus.tokens();
        for (int w = 1; w < workers; w++) {
            long target = total * w / workers;
            while (d < corpus.documents() && corpus.offsets()[d + 1] <= target) {
                d++;
            }
            start[w] = Math.max(d, start[w - 1]);
        }
        start[workers] = corpus.documents();
        return start;
    }

    private LdaShard shard(int worker, int firstDoc, int endDoc) {
        int blocks = layout.blocks();
        int docs = endDoc - firstDoc;
        int[] ids = new int[docs];
        int[] lengths = new int[docs];
        int[][] count = new int[blocks][docs + 1];
        for (int d = 0; d < docs; d++) {
            int doc = firstDoc + d;
            ids[d] = corpus.docIds()[doc];
            lengths[d] = corpus.length(doc);
            for (int i = corpus.offsets()[doc]; i < corpus.offsets()[doc + 1]; i++) {
                count[layout.blockOf(corpus.words()[i])][d + 1]++;
            }
        }
        TokenBlock[] tokenBlocks = new TokenBlock[blocks];
        int[][] z = new int[blocks][];
        int[][] fill = new int[blocks][];
        for (int b = 0; b < blocks; b++) {
            int[] offsets = count[b];
            for (int d = 0; d < docs; d++) {
                offsets[d + 1] += offsets[d];
            }
            tokenBlocks[b] = new TokenBlock(offsets, new int[offsets[docs]]);
            z[b] = new int[offsets[docs]];
            fill[b] = offsets.clone();
        }
        for (int d = 0; d < docs; d++) {
            int doc = firstDoc + d;
            for (int i = corpus.offsets()[doc]; i < corpus.offsets()[doc + 1]; i++) {
                int word = corpus.words()[i];
                int b = layout.blockOf(word);
                int at = fill[b][d]++;
                tokenBlocks[b].words()[at] = layout.localIndex(word);
                z[b][at] = topics[i];
            }
        }
        return new LdaShard(worker, ids, lengths, tokenBlocks, z, topicTotals.clone(),
                initialRows(worker), layout);
    }

    /** The packed word-topic table of block {@code b} under the initial topics. */
    public int[] initialRows(int b) {
        int k = hyper.topics();
        int[] words = layout.words(b);
        int[] rowStart = layout.rowStart(b);
        int[] rows = new int[layout.rowSlots(b)];
        // gather the block's tokens by word, then pack each word's counts
        int[] local = new int[corpus.vocabularySize()];
        java.util.Arrays.fill(local, -1);
        for (int l = 0; l < words.length; l++) {
            local[words[l]] = l;
        }
        int[] perWord = new int[words.length + 1];
        for (int w : corpus.words()) {
            if (local[w] >= 0) {
                perWord[local[w] + 1]++;
            }
        }
        for (int l = 0; l < words.length; l++) {
            perWord[l + 1] += perWord[l];
        }
        int[] byWord = new int[perWord[words.length]];
        int[] fill = perWord.clone();
        int[] cw = corpus.words();
        for (int i = 0; i < cw.length; i++) {
            if (local[cw[i]] >= 0) {
                byWord[fill[local[cw[i]]]++] = topics[i];
            }
        }
        TopicCountCodec codec = new TopicCountCodec(k);
        int[] counts = new int[k];
        int[] packed = new int[k];
        for (int l = 0; l < words.length; l++) {
            for (int i = perWord[l]; i < perWord[l + 1]; i++) {
                counts[byWord[i]]++;
            }
            int n = 0;
            for (int t = 0; t < k; t++) {
                if (counts[t] > 0) {
                    packed[n++] = codec.pack(t, counts[t]);
                    counts[t] = 0;
                }
            }
            java.util.Arrays.sort(packed, 0, n);
            for (int j = 0; j < n; j++) {
                rows[rowStart[l] + j] = packed[n - 1 - j];
            }
        }
        return rows;
    }
}

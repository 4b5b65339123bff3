package org.strads4j.apps.lda;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.strads4j.api.BadInputException;
import org.strads4j.io.MemoryBudget;

/**
 * Plans an LDA job once, on the coordinator: cuts the vocabulary into B = c * workers blocks
 * ({@link VocabularyBlocks}), deals the documents to the workers in contiguous ranges of about
 * equal token count, draws every token's initial topic uniformly (one stream over the whole
 * corpus, so the start does not depend on the node count), and builds the initial count tables.
 */
public final class LdaPlanner {
    private final Corpus corpus;
    private final LdaHyperparameters hyper;
    private final VocabularyBlocks layout;
    private final int workers;
    private final int[] topics;
    private final int[] topicTotals;

    /**
     * Plans {@code corpus} for {@code workers} workers and {@code hyper.blocks()} vocabulary blocks
     * (a multiple of the workers), with initial topics from {@code seed}.
     */
    public LdaPlanner(Corpus corpus, LdaHyperparameters hyper, int workers, long seed) {
        if (workers < 1 || hyper.blocks() % workers != 0) {
            throw new IllegalArgumentException("Invalid blocks: " + hyper.blocks() + " for " + workers + " workers");
        }
        this.corpus = corpus;
        this.hyper = hyper;
        this.workers = workers;
        int[] freq = corpus.wordFrequencies();
        checkCountBits(corpus, freq, hyper.topics());
        this.layout = VocabularyBlocks.balanced(freq, hyper.blocks(), hyper.topics());
        checkMemory(corpus, layout, workers, hyper.topics(), hyper.sampler());
        this.topics = new int[corpus.tokens()];
        this.topicTotals = new int[hyper.topics()];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < topics.length; i++) {
            int k = random.nextInt(hyper.topics());
            topics[i] = k;
            topicTotals[k]++;
        }
    }

    /**
     * Refuses a topic count that leaves too few bits for the counts of the most frequent word: a
     * word-topic slot packs {@code count << bits | topic} into an int ({@link TopicCountCodec}).
     */
    static void checkCountBits(Corpus corpus, int[] freq, int topics) {
        int top = 0;
        for (int w = 1; w < freq.length; w++) {
            if (freq[w] > freq[top]) {
                top = w;
            }
        }
        TopicCountCodec codec = new TopicCountCodec(topics);
        if (freq.length == 0 || freq[top] <= codec.maxCount()) {
            return;
        }
        int countBits = 32 - Integer.numberOfLeadingZeros(freq[top]);
        int topicBits = 31 - countBits;
        throw new BadInputException("Invalid --topics: " + topics + " (a word-topic slot packs count << "
                + codec.bits() + " | topic into an int, so a count stops at " + codec.maxCount() + ", but word '"
                + corpus.vocabulary().get(top) + "' has " + freq[top] + " tokens in " + corpus.source()
                + (topicBits >= 1 ? "; use at most " + (1 << topicBits) + " topics)" : ")"));
    }

    /**
     * Refuses, before the token and shard arrays are allocated, a job that does not fit in the heap
     * or in a node's data region; {@code --topics} is blamed when the topics make most of the need.
     */
    static void checkMemory(Corpus corpus, VocabularyBlocks layout, int workers, int topics,
                            LdaHyperparameters.Sampler sampler) {
        LdaMemoryEstimate estimate = LdaMemoryEstimate.of(corpus, layout, workers, topics, sampler);
        long heap = estimate.heapBytes();
        boolean topicsToBlame = 2 * estimate.topicBytes() >= heap;
        String job = "the lda job (" + estimate.describe() + ")";
        String shortfall = MemoryBudget.shortfall(heap);
        if (shortfall != null) {
            throw new BadInputException(topicsToBlame
                    ? "Invalid --topics: " + topics + " (" + job + " " + shortfall + ", or lower --topics)"
                    : corpus.source() + ": " + job + " " + shortfall);
        }
        MemoryBudget.requireNodeStoreFits((topicsToBlame ? "Invalid --topics: " + topics + ": " : corpus.source() + ": ")
                + "a worker's shard, word-topic table and document-topic counts of " + job, estimate.nodeStoreBytes(),
                topicsToBlame ? "lower --topics, or use more --nodes" : "use more --nodes, so that each holds fewer documents");
    }

    /** The vocabulary layout. */
    public VocabularyBlocks layout() {
        return layout;
    }

    /** One shard per worker. */
    public List<LdaShard> shards() {
        int[] docStart = documentRanges(corpus, workers);
        List<LdaShard> shards = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            shards.add(shard(w, docStart[w], docStart[w + 1]));
        }
        return shards;
    }

    /** Contiguous document ranges of about N / workers tokens: worker w gets [start[w], start[w+1]). */
    static int[] documentRanges(Corpus corpus, int workers) {
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
        int perWorker = blocks / workers;
        int[][] first = new int[perWorker][];
        for (int i = 0; i < perWorker; i++) {
            first[i] = initialRows(worker * perWorker + i);
        }
        return new LdaShard(worker, ids, lengths, tokenBlocks, z, topicTotals.clone(), worker * perWorker, first,
                layout);
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

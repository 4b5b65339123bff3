package org.strads4j.apps.lda;

import static org.strads4j.io.MemoryBudget.doubles;
import static org.strads4j.io.MemoryBudget.ints;
import static org.strads4j.io.MemoryBudget.longs;

import java.util.Locale;
import org.strads4j.io.MemoryBudget;

/**
 * The memory an LDA job allocates once its corpus is read and its vocabulary cut into blocks, term
 * by term as the classes allocate it; all nodes share this JVM, so every worker's copy counts.
 * <ul>
 *   <li>{@link LdaPlanner}: the initial topic of every token, and while a shard is built its
 *       block-count arrays and the gathering arrays of its initial word-topic table;</li>
 *   <li>shards ({@link LdaShard}): a worker's document ids and lengths, its tokens cut by block
 *       ({@link TokenBlock}: {@code B} offset arrays of its documents, word indices), their initial
 *       topics, the initial word-topic table of its block ({@code sum min(K, frequency)} slots) and
 *       the {@link VocabularyBlocks} layout; held by the planned job and, deserialised, by each
 *       worker (each with its own layout); while they are deployed, one serialised (the growing
 *       buffer, up to twice its size, the final copy, Ignite's marshalled copy), then all read
 *       back by their workers at once;</li>
 *   <li>{@link WorkerState}: a copy of the worker's topics and its dense document-topic counts
 *       ({@code documents x K} ints), the sampler's {@code K}-long arrays;</li>
 *   <li>rounds and evaluations: a fetched block table and its copies in flight per worker, and
 *       the last few tables sent between each pair of nodes, which Ignite keeps until they are
 *       acknowledged; at an evaluation every worker and the coordinator read every block's table,
 *       and each worker encodes and stores its document-topic counts;</li>
 *   <li>the Ignite nodes ({@link MemoryBudget#NODE_BYTES} each).</li>
 * </ul>
 * Off-heap, a node stores its worker's shard, its block's word-topic table and its documents'
 * topic counts.
 */
final class LdaMemoryEstimate {
    private final long documents;
    private final long vocabulary;
    private final long tokens;
    private final long topics;
    private final int workers;
    private final int blocks;
    private final long[] workerDocuments;
    private final long[] workerTokens;
    private final long[] blockSlots;
    private final long[] blockWords;
    /** Whether the workers keep the MH sampler's word-order index and document mirror. */
    private final boolean mhIndex;

    /**
     * Per worker w: its documents and tokens, and the slots and words of the c blocks it holds
     * between rounds (its first blocks; a block in flight is counted with {@link #roundBytes}).
     */
    private LdaMemoryEstimate(Corpus corpus, VocabularyBlocks layout, int workers, long topics, int[] docStart,
                              boolean mhIndex) {
        this.mhIndex = mhIndex;
        this.documents = corpus.documents();
        this.vocabulary = corpus.vocabularySize();
        this.tokens = corpus.tokens();
        this.topics = topics;
        this.workers = workers;
        this.blocks = layout.blocks();
        int perWorker = blocks / workers;
        this.workerDocuments = new long[workers];
        this.workerTokens = new long[workers];
        this.blockSlots = new long[workers];
        this.blockWords = new long[workers];
        for (int w = 0; w < workers; w++) {
            workerDocuments[w] = docStart[w + 1] - docStart[w];
            workerTokens[w] = corpus.offsets()[docStart[w + 1]] - corpus.offsets()[docStart[w]];
            for (int b = w * perWorker; b < (w + 1) * perWorker; b++) {
                blockSlots[w] += layout.rowSlots(b);
                blockWords[w] += layout.words(b).length;
            }
        }
    }

    /** The estimate for {@code corpus} cut by {@code layout} over {@code workers} workers, {@code topics} topics. */
    static LdaMemoryEstimate of(Corpus corpus, VocabularyBlocks layout, int workers, int topics) {
        return of(corpus, layout, workers, topics, LdaHyperparameters.Sampler.SPARSE);
    }

    /** The same for the given sampler: MH keeps 16 more bytes a token ({@link MetropolisHastingsSampler}). */
    static LdaMemoryEstimate of(Corpus corpus, VocabularyBlocks layout, int workers, int topics,
                                LdaHyperparameters.Sampler sampler) {
        return new LdaMemoryEstimate(corpus, layout, workers, topics, LdaPlanner.documentRanges(corpus, workers),
                sampler == LdaHyperparameters.Sampler.MH);
    }

    /** Heap still to be allocated. */
    long heapBytes() {
        return heapBytes(topics, blockSlots);
    }

    /**
     * The part of {@link #heapBytes()} that grows with the topic count (document-topic counts,
     * word-topic slots, sampler arrays): the heap less that of one topic, whose tables have one
     * slot per word.
     */
    long topicBytes() {
        return heapBytes(topics, blockSlots) - heapBytes(1, blockWords);
    }

    /** The most one node stores off-heap: its shard, its block's table and its documents' topic counts. */
    long nodeStoreBytes() {
        long most = 0;
        for (int w = 0; w < workers; w++) {
            most = Math.max(most, shardBytes(w, topics, blockSlots) + ints(blockSlots[w]) + docTopicBytes(w, topics));
        }
        return most;
    }

    /**
     * The planned job's shards for the whole run, and on top of them the larger of planning (the
     * planner's arrays) and running: the workers' shards, then the larger of deploying them and
     * the workers' states with the rounds' and evaluations' transients.
     */
    private long heapBytes(long k, long[] slots) {
        long jobShards = totalShardBytes(k, slots);
        long planning = ints(tokens) + planningBytes(k);
        long workerShards = jobShards + (workers - 1L) * layoutBytes();      // each worker its own layout
        long deploy = Math.max(4 * largestShardBytes(k, slots), jobShards);
        long states = 0;
        for (int w = 0; w < workers; w++) {
            states += ints(workerTokens[w]) + ints(workerDocuments[w] * k) + samplerBytes(k)
                    + (mhIndex ? 4 * ints(workerTokens[w]) + ints(workerDocuments[w] + 1) + 4 * doubles(k) : 0);
        }
        long running = states + roundBytes(slots) + evaluationBytes(k, slots);
        return jobShards + Math.max(planning, workerShards + Math.max(deploy, running))
                + workers * MemoryBudget.NODE_BYTES;
    }

    /**
     * A worker's shard: document ids and lengths, per block an offset array of its documents, word
     * indices and initial topics of its tokens, the topic totals, its block's table, the layout.
     */
    private long shardBytes(int w, long k, long[] slots) {
        long d = workerDocuments[w];
        return 2 * ints(d) + blocks * ints(d + 1) + 2 * ints(workerTokens[w]) + ints(k) + ints(slots[w])
                + layoutBytes();
    }

    /** The planned job's shards, which share one layout. */
    private long totalShardBytes(long k, long[] slots) {
        long total = layoutBytes();
        for (int w = 0; w < workers; w++) {
            total += shardBytes(w, k, slots) - layoutBytes();
        }
        return total;
    }

    private long largestShardBytes(long k, long[] slots) {
        long largest = 0;
        for (int w = 0; w < workers; w++) {
            largest = Math.max(largest, shardBytes(w, k, slots));
        }
        return largest;
    }

    /** {@link VocabularyBlocks}: block and local index of every word, each block's words and row starts. */
    private long layoutBytes() {
        long bytes = 2 * ints(vocabulary) + longs(blocks);
        for (int w = 0; w < workers; w++) {
            bytes += 2 * ints(blockWords[w]) + (long) (blocks / workers) * ints(1);
        }
        return bytes;
    }

    /** The largest shard's fill arrays and the gathering arrays of {@link LdaPlanner#initialRows}. */
    private long planningBytes(long k) {
        long most = 0;
        for (int w = 0; w < workers; w++) {
            long fill = blocks * ints(workerDocuments[w] + 1);
            long gather = ints(vocabulary) + 2 * ints(blockWords[w] + 1) + ints(tokens) + 2 * ints(k);
            most = Math.max(most, fill + gather);
        }
        return most;
    }

    private static long samplerBytes(long k) {
        return 2 * doubles(k) + 4 * ints(k);
    }

    /** A worker's documents' topic counts as {@link DocTopicTable} encodes them: id, n, then topic-count pairs. */
    private long docTopicBytes(int w, long k) {
        return ints(2 * workerDocuments[w] + 2 * Math.min(workerTokens[w], workerDocuments[w] * k));
    }

    /**
     * A block table as one node holds it after fetching it: the array, and, for a table owned by
     * another node (all but one in {@code workers}), its marshalled and received copies.
     */
    private long fetchedTables(long[] slots) {
        long tables = 0;
        for (long s : slots) {
            tables += ints(s);
        }
        return tables + 2 * tables * (workers - 1) / workers;
    }

    /**
     * Each round every worker fetches a block table and puts it back; Ignite keeps the last
     * {@link MemoryBudget#RETAINED_MESSAGES} messages between each pair of nodes until they are
     * acknowledged, and here they are block tables.
     */
    private long roundBytes(long[] slots) {
        long tables = 0;
        for (long s : slots) {
            tables += ints(s);
        }
        return fetchedTables(slots) + (workers - 1L) * MemoryBudget.RETAINED_MESSAGES * tables;
    }

    /**
     * At an evaluation every worker (then the coordinator, once the workers are done) reads every
     * block's table; each worker encodes its documents' counts (a growing list, up to twice the
     * final size, and the final copy) and stores them (a marshalled copy).
     */
    private long evaluationBytes(long k, long[] slots) {
        long docTopics = 0;
        for (int w = 0; w < workers; w++) {
            docTopics += 4 * docTopicBytes(w, k);
        }
        return workers * fetchedTables(slots) + docTopics;
    }

    /** "500 documents, 10,705 words, 403,289 tokens, 20 topics, 3 nodes". */
    String describe() {
        return String.format(Locale.ROOT, "%,d documents, %,d words, %,d tokens, %,d topics, %d node%s", documents,
                vocabulary, tokens, topics, workers, workers == 1 ? "" : "s");
    }
}

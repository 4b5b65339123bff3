package org.strads4j.apps.mf;

import static org.strads4j.io.MemoryBudget.doubles;
import static org.strads4j.io.MemoryBudget.ints;

import java.util.Locale;
import org.strads4j.io.MemoryBudget;

/**
 * The memory an MF job will allocate, term by term as the classes allocate it; all nodes share
 * this JVM, so every worker's copy counts.
 * <ul>
 *   <li>indexing ({@link MfData}, before the ids are known): the sorted id lists, the CSR and CSC
 *       copies of the training ratings, the kept test ratings, and the index and order arrays
 *       the counting sorts use while building them;</li>
 *   <li>the job: the initial item factors {@code h0} ({@code rank x items}); the shards
 *       ({@link MfShard}: a row block and a column block of the ratings, the test ratings of the
 *       block's users, and {@code h0}), held by the planned job and, deserialised, by each worker
 *       (each with its own copy of {@code h0}), the largest also three times more while
 *       serialised; each worker's {@link MfState} (full {@code W} and {@code H}) and the residuals
 *       of both blocks its {@link MfKernel} keeps (on the heap unless on a GPU); the factor column
 *       each round sends to every worker, and the copies Ignite keeps
 *       until they are acknowledged; one side's factors read back at the end
 *       ({@link MfResults}); the Ignite nodes ({@link MemoryBudget#NODE_BYTES} each).</li>
 * </ul>
 * Off-heap, a node stores its worker's shard and its share of the factor columns.
 */
final class MfMemoryEstimate {
    private final long users;
    private final long items;
    private final long train;
    private final long test;
    private final int nodes;
    private final long largestShardRatings;

    /**
     * @param users               users with training ratings
     * @param items               items with training ratings
     * @param train               training ratings
     * @param test                test ratings kept
     * @param nodes               workers
     * @param largestShardRatings the most ratings one shard holds (its row and column blocks together)
     */
    MfMemoryEstimate(long users, long items, long train, long test, int nodes, long largestShardRatings) {
        this.users = users;
        this.items = items;
        this.train = train;
        this.test = test;
        this.nodes = nodes;
        this.largestShardRatings = largestShardRatings;
    }

    /** The estimate of the job of {@code data} on {@code nodes} workers. */
    static MfMemoryEstimate of(MfData data, int nodes) {
        return new MfMemoryEstimate(data.users(), data.items(), data.trainSize(), data.testSize(), nodes,
                data.largestShardRatings(nodes));
    }

    /**
     * Heap {@link MfData} takes to index {@code train} and {@code test} ratings read, at its peak,
     * before the id counts are known (each rating may bring a new user and item).
     */
    static long indexingBytes(long train, long test) {
        long ids = 2 * ints(train) + 2 * ints(train + 1);            // sorted ids and pointers, at most one per rating
        long kept = 2 * (ints(train) + doubles(train));               // CSR and CSC copies
        long testKept = 2 * ints(test) + doubles(test);
        long working = 2 * ints(train)                                // dense user and item index of each rating
                + 4 * ints(train)                                     // identity, by item, by user, by column
                + ints(train)                                         // the id sort's copy
                + 3 * ints(test);                                     // test indices and kept positions
        return ids + kept + testKept + working;
    }

    /**
     * Heap still to be allocated once the data are indexed, for factors of {@code rank}: {@code h0}
     * and the shards, then the larger of deploying them and running the job (worker states, the
     * factor column every round sends to each worker, the columns written between evaluations,
     * the model read back at the end).
     */
    long heapBytes(long rank) {
        long h0 = doubles(rank * items);
        long shards = 2 * shardDataBytes() + nodes * h0;              // the job's (sharing h0) and the workers'
        long model = Math.max(flushBytes(rank), doubles(rank * Math.max(users, items)));
        long running = stateBytes(rank) + messageBytes() + model;
        return h0 + shards + Math.max(deployBytes(rank), running) + nodes * MemoryBudget.NODE_BYTES;
    }

    /**
     * The coordinator holds the columns written since the last evaluation (up to all {@code 2 x
     * rank}) and stores them in one batch: the share owned by other nodes marshalled and received
     * once more.
     */
    private long flushBytes(long rank) {
        long all = rank * (doubles(users) + doubles(items));
        return all + 2 * all * (nodes - 1) / nodes;
    }

    /**
     * While the shards are deployed: one shard serialised (the growing buffer, up to twice its
     * size, the final copy, Ignite's marshalled copy), then every worker at once reading its
     * serialised shard back.
     */
    private long deployBytes(long rank) {
        return Math.max(4 * largestShardBytes(rank), shardDataBytes() + nodes * doubles(rank * items));
    }

    /** Each worker's full {@code W} and {@code H} and the residuals of its two blocks. */
    private long stateBytes(long rank) {
        return nodes * (doubles(rank * users) + doubles(rank * items)) + 2 * doubles(train);
    }

    /**
     * The factor column each round commits to every worker: marshalled, received and
     * unmarshalled for another node, and kept marshalled until acknowledged
     * ({@link MemoryBudget#RETAINED_MESSAGES}).
     */
    private long messageBytes() {
        return nodes * (3L + MemoryBudget.RETAINED_MESSAGES) * doubles(Math.max(users, items));
    }

    /** The part of {@link #heapBytes} that grows with the rank (to say whom to blame). */
    long rankBytes(long rank) {
        return heapBytes(rank) - heapBytes(0);
    }

    /** The most the job stores off-heap on one node: the largest shard and its share of the factor columns. */
    long nodeStoreBytes(long rank) {
        return largestShardBytes(rank) + rank * (doubles(users) + doubles(items)) / nodes;
    }

    /** The shards' ratings, test ratings and block pointers, without {@code h0}. */
    private long shardDataBytes() {
        return 2 * (ints(train) + doubles(train)) + 2 * ints(test) + doubles(test)
                + ints(users + nodes) + ints(items + nodes) + nodes * 8L * 16;
    }

    private long largestShardBytes(long rank) {
        return ints(largestShardRatings) + doubles(largestShardRatings) + 2 * ints(test) + doubles(test)
                + ints(users + 1) + ints(items + 1) + doubles(rank * items);
    }

    /** "1,000 users x 2,000 items, 38,000 training ratings, rank 10, 3 nodes". */
    String describe(long rank) {
        return String.format(Locale.ROOT, "%,d users x %,d items, %,d training ratings, rank %,d, %d node%s", users,
                items, train, rank, nodes, nodes == 1 ? "" : "s");
    }
}

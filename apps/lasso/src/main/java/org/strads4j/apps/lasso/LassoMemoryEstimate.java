package org.strads4j.apps.lasso;

import static org.strads4j.io.MemoryBudget.bytes;
import static org.strads4j.io.MemoryBudget.doubles;
import static org.strads4j.io.MemoryBudget.ints;
import static org.strads4j.io.MemoryBudget.longs;
import static org.strads4j.io.MemoryBudget.references;

import java.util.Locale;
import org.strads4j.io.MemoryBudget;
import org.strads4j.io.SparseRows;

/**
 * The memory a Lasso job of {@code n} rows, {@code p} columns and {@code nnz} nonzeros on
 * {@code nodes} workers will allocate once its rows are read, term by term as the classes
 * allocate it; all nodes share this JVM, so every worker's copy counts.
 * <ul>
 *   <li>coordinator: {@link LassoData} (the matrix by column, column norms, neighbour lists, the
 *       pair cache, scratch rows), {@link LassoModel}, the {@code CoordinateSchedule} (sum tree of
 *       twice the next power of two of {@code p}, priorities, masks, the filter's group map);</li>
 *   <li>shards: each worker's rows by column ({@link LassoShard}: {@code p + 1} column offsets
 *       each), held once (the worker's deserialised copy): the planned job makes each one only
 *       while serialising it into the shard cache, and all workers read theirs back at once;</li>
 *   <li>workers: the residual, and at each evaluation a {@code p + 2} partial per worker, sent to
 *       the coordinator (marshalled, received, unmarshalled) and summed there; Ignite keeps the
 *       last few marshalled partials of each other node until they are acknowledged;</li>
 *   <li>the Ignite nodes themselves ({@link MemoryBudget#NODE_BYTES} each).</li>
 * </ul>
 * Off-heap, each node stores its worker's shard and its share of the coefficients (at most
 * {@code min(n, p)} are nonzero at a Lasso solution).
 */
final class LassoMemoryEstimate {
    /** Slots of {@code LassoData.PairCache}. */
    static final int PAIR_CACHE_SLOTS = 1 << 20;
    /** Chunks of a shard on the heap at once while it is deployed ({@link #deployBytes}). */
    static final int DEPLOY_CHUNKS = 4;
    /** Off-heap bytes of one coefficient entry in the parameter cache (key, value, entry header). */
    static final long PARAM_ENTRY_BYTES = 64;

    private final long rows;
    private final long columns;
    private final long nnz;
    private final int nodes;
    private final int evalEvery;
    private final long[] shardRows;
    private final long[] shardNnz;

    private LassoMemoryEstimate(long rows, long columns, long nnz, int evalEvery, long[] shardRows, long[] shardNnz) {
        this.rows = rows;
        this.columns = columns;
        this.nnz = nnz;
        this.nodes = shardRows.length;
        this.evalEvery = evalEvery;
        this.shardRows = shardRows;
        this.shardNnz = shardNnz;
    }

    /**
     * The estimate for {@code data} on {@code nodes} workers evaluating every {@code evalEvery}
     * rounds, with each shard's exact nonzeros.
     */
    static LassoMemoryEstimate of(SparseRows data, int nodes, int evalEvery) {
        long n = data.rows();
        long[] shardRows = new long[nodes];
        long[] shardNnz = new long[nodes];
        for (int w = 0; w < nodes; w++) {
            int from = (int) (n * w / nodes);
            int to = (int) (n * (w + 1) / nodes);
            shardRows[w] = to - from;
            shardNnz[w] = data.rowPtr()[to] - data.rowPtr()[from];
        }
        return new LassoMemoryEstimate(n, data.columns(), data.nnz(), evalEvery, shardRows, shardNnz);
    }

    /** Heap still to be allocated after the rows are read. */
    long heapBytes() {
        return heapBytes(columns);
    }

    /**
     * Heap the job needs beyond what is in use once its rows are read, when the rows
     * ({@code rowBytes}, in use now) are released after the column form is built: until then
     * the column form's arrays are allocated beside them; after, the rest of the job reuses
     * their room.
     */
    long heapBytesReleasing(long rowBytes) {
        long columnForm = ints(columns + 1) + ints(nnz) + doubles(nnz) + doubles(rows);
        return Math.max(columnForm, heapBytes() - rowBytes);
    }

    /** The part of {@link #heapBytes()} that grows with the column count (to say whom to blame). */
    long columnBytes() {
        return heapBytes(columns) - heapBytes(1);
    }

    /** The most the job stores off-heap on one node: the largest shard and a share of the coefficients. */
    long nodeStoreBytes() {
        return largestShardBytes(columns) + Math.min(rows, columns) * PARAM_ENTRY_BYTES / nodes;
    }

    private long heapBytes(long p) {
        return coordinatorBytes(p) + totalShardBytes(p) + deployBytes(p) + workerBytes(p)
                + nodes * MemoryBudget.NODE_BYTES;
    }

    /**
     * While the shards are deployed: one shard made and written into the shard cache in chunks
     * of {@link org.strads4j.engine.JobDeployment#CHUNK_BYTES} (the chunk being filled, Ignite's
     * copy of it on the way in, the streamer's buffered one, and one being read back), then every
     * worker reading its shard a chunk at a time while it deserialises it (its copy is counted in
     * {@link #totalShardBytes}). No array of a whole serialised shard is ever made.
     */
    private long deployBytes(long p) {
        return largestShardBytes(p) + DEPLOY_CHUNKS * org.strads4j.engine.JobDeployment.CHUNK_BYTES;
    }

    /**
     * A worker's shard: column offsets, row indices, values, targets. Counted once (the worker's
     * copy); the planned job makes each shard only while deploying it ({@link #deployBytes}).
     */
    private long shardBytes(int w, long p) {
        return ints(p + 1) + ints(shardNnz[w]) + doubles(shardNnz[w]) + doubles(shardRows[w]);
    }

    private long totalShardBytes(long p) {
        long total = 0;
        for (int w = 0; w < nodes; w++) {
            total += shardBytes(w, p);
        }
        return total;
    }

    private long largestShardBytes(long p) {
        long largest = 0;
        for (int w = 0; w < nodes; w++) {
            largest = Math.max(largest, shardBytes(w, p));
        }
        return largest;
    }

    private long coordinatorBytes(long p) {
        long data = ints(p + 1) * 2 + ints(nnz) + doubles(nnz) + doubles(rows) + doubles(p) + references(p)
                + longs(PAIR_CACHE_SLOTS) + doubles(PAIR_CACHE_SLOTS)
                + doubles(p) + ints(p)                           // neighbour scatter
                + doubles(rows) + ints(rows) + bytes(rows);      // scratch rows of the step size
        long model = doubles(p);
        long schedule = doubles(2 * nextPowerOfTwo(p)) + doubles(p) + bytes(p) + ints(p) + ints(p);
        long evaluation = doubles(p + 2) + doubles(p);           // summed partials, new priorities
        return data + model + schedule + evaluation;
    }

    /**
     * Residuals, and at an evaluation each worker's {@code p + 2} partial: on the coordinator's
     * own node one array; from another node also marshalled, received and unmarshalled, and kept
     * marshalled by Ignite until acknowledged ({@link MemoryBudget#RETAINED_MESSAGES}, half as
     * many when evaluations are at most one round in two).
     */
    private long workerBytes(long p) {
        long residuals = 0;
        for (int w = 0; w < nodes; w++) {
            residuals += doubles(shardRows[w]);
        }
        long partial = doubles(p + 2);
        long remote = nodes - 1;
        long retained = evalEvery == 1 ? MemoryBudget.RETAINED_MESSAGES : MemoryBudget.RETAINED_MESSAGES / 2;
        return residuals + partial + remote * (4 + retained) * partial;
    }

    private static long nextPowerOfTwo(long p) {
        long c = 1;
        while (c < p) {
            c <<= 1;
        }
        return c;
    }

    /** "4,000 rows, 3,070 columns, 120,000 nonzeros, 3 nodes". */
    String describe() {
        return String.format(Locale.ROOT, "%,d row%s, %,d column%s, %,d nonzero%s, %d node%s", rows, rows == 1 ? "" : "s",
                columns, columns == 1 ? "" : "s", nnz, nnz == 1 ? "" : "s", nodes, nodes == 1 ? "" : "s");
    }
}

package org.strads4j.engine;

import java.io.Serializable;
import org.apache.ignite.cache.affinity.AffinityKey;

/**
 * Where a job's data and parameters live: its cache names and, per worker, the shard key whose
 * primary copy is on that worker's node (so {@code affinityCall} runs the worker next to its data).
 * A plain class, not a record: it travels inside Ignite jobs.
 */
public final class JobPlacement implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String jobId;
    private final String shardCache;
    private final String paramCache;
    private final long[] shardKeys;
    private final int[] shardChunks;
    private final long seed;

    JobPlacement(String jobId, String shardCache, String paramCache, long[] shardKeys, int[] shardChunks, long seed) {
        this.jobId = jobId;
        this.shardCache = shardCache;
        this.paramCache = paramCache;
        this.shardKeys = shardKeys.clone();
        this.shardChunks = shardChunks.clone();
        this.seed = seed;
    }

    /** The job's id. */
    public String jobId() {
        return jobId;
    }

    String shardCache() {
        return shardCache;
    }

    String paramCache() {
        return paramCache;
    }

    long seed() {
        return seed;
    }

    int workers() {
        return shardKeys.length;
    }

    long shardKey(int w) {
        return shardKeys[w];
    }

    /** Number of chunks worker {@code w}'s serialised shard was cut into. */
    int shardChunks(int w) {
        return shardChunks[w];
    }

    /** The cache key of chunk {@code c} of a shipped coordinator plan: placed with worker 0's shard. */
    AffinityKey<Long> planChunkKey(int c) {
        return new AffinityKey<>((-1L << 32) | c, shardKeys[0]);
    }

    /** The cache key of chunk {@code c} of worker {@code w}'s shard: placed with the shard key. */
    AffinityKey<Long> chunkKey(int w, int c) {
        return new AffinityKey<>(((long) w << 32) | c, shardKeys[w]);
    }
}

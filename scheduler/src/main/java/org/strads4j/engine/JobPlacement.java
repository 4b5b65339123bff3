package org.strads4j.engine;

import java.io.Serializable;

/**
 * Where a job's data and parameters live: its cache names and, per worker, the shard key whose
 * primary copy is on that worker's node (so {@code affinityCall} runs the worker next to its data).
 * A plain class, not a record: it travels inside Ignite jobs.
 */
final class JobPlacement implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String jobId;
    private final String shardCache;
    private final String paramCache;
    private final long[] shardKeys;
    private final long seed;

    JobPlacement(String jobId, String shardCache, String paramCache, long[] shardKeys, long seed) {
        this.jobId = jobId;
        this.shardCache = shardCache;
        this.paramCache = paramCache;
        this.shardKeys = shardKeys.clone();
        this.seed = seed;
    }

    String jobId() {
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
}

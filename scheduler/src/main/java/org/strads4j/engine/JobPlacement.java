package org.strads4j.engine;

import java.io.Serializable;

/**
 * Where a job's data and parameters live: its cache names and, per worker, the shard key whose
 * primary copy is on that worker's node (so {@code affinityCall} runs the worker next to its data).
 */
record JobPlacement(String jobId, String shardCache, String paramCache, long[] shardKeys, long seed)
        implements Serializable {

    int workers() {
        return shardKeys.length;
    }

    long shardKey(int w) {
        return shardKeys[w];
    }
}

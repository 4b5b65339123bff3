package org.strads4j.checkpoint;

import java.util.Arrays;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.PartitionLossPolicy;
import org.apache.ignite.configuration.CacheConfiguration;

/**
 * Checkpoints kept in the cluster (cache {@code strads-checkpoints}, one backup, full-sync writes),
 * so that the coordinator of a submitted job can resume on another node when its own node is lost.
 * A checkpoint is written in 4 MB chunks under a new generation, then the job's head entry is
 * switched to it, then the previous generation's chunks are removed: a reader always finds a whole
 * checkpoint.
 */
public final class ClusterCheckpoints {
    /** The cache's name. */
    public static final String CACHE = "strads-checkpoints";
    private static final int CHUNK = 4 << 20;

    private ClusterCheckpoints() {
    }

    private static IgniteCache<String, Object> cache(Ignite ignite) {
        IgniteCache<String, Object> c = ignite.cache(CACHE);
        if (c != null) {
            // Partitions lost with more nodes than backups held checkpoints of jobs that failed with
            // them: make them usable again for the jobs that go on (their own entries are elsewhere).
            if (!c.lostPartitions().isEmpty()) {
                ignite.resetLostPartitions(java.util.List.of(CACHE));
            }
            return c;
        }
        return ignite.getOrCreateCache(new CacheConfiguration<String, Object>(CACHE)
                .setCacheMode(CacheMode.PARTITIONED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setBackups(1)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                .setPartitionLossPolicy(PartitionLossPolicy.READ_WRITE_SAFE));
    }

    /** Stores {@code c} as its job's checkpoint, replacing the previous one. */
    public static void write(Ignite ignite, Checkpoint c) {
        write(ignite, c.jobId(), c);
    }

    /** Stores {@code c} as job {@code job}'s checkpoint (a resumed job's first), replacing the previous one. */
    public static void write(Ignite ignite, String job, Checkpoint c) {
        IgniteCache<String, Object> cache = cache(ignite);
        Head previous = (Head) cache.get(job + "/head");
        long generation = previous == null ? 1 : previous.generation + 1;
        byte[] bytes = c.toBytes();
        int chunks = Math.max(1, (bytes.length + CHUNK - 1) / CHUNK);
        for (int i = 0; i < chunks; i++) {
            cache.put(job + "/" + generation + "/" + i,
                    Arrays.copyOfRange(bytes, i * CHUNK, Math.min(bytes.length, (i + 1) * CHUNK)));
        }
        cache.put(job + "/head", new Head(generation, chunks, c.round()));
        if (previous != null) {
            remove(cache, job, previous);
        }
    }

    /** The job's latest checkpoint, or null when it has none. */
    public static Checkpoint read(Ignite ignite, String job) {
        IgniteCache<String, Object> cache = cache(ignite);
        Head head = (Head) cache.get(job + "/head");
        if (head == null) {
            return null;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < head.chunks; i++) {
            byte[] part = (byte[]) cache.get(job + "/" + head.generation + "/" + i);
            if (part == null) {
                throw new IllegalStateException("the cluster lost chunk " + i + " of job " + job + "'s checkpoint");
            }
            out.writeBytes(part);
        }
        return Checkpoint.fromBytes(out.toByteArray(), "the cluster's checkpoint of job " + job);
    }

    /** Removes the job's checkpoint (when the job has finished). */
    public static void delete(Ignite ignite, String job) {
        IgniteCache<String, Object> cache = cache(ignite);
        Head head = (Head) cache.getAndRemove(job + "/head");
        if (head != null) {
            remove(cache, job, head);
        }
    }

    private static void remove(IgniteCache<String, Object> cache, String job, Head head) {
        for (int i = 0; i < head.chunks; i++) {
            cache.remove(job + "/" + head.generation + "/" + i);
        }
    }

    /** Which generation of a job's checkpoint is whole, and its size. */
    static final class Head implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final long generation;
        final int chunks;
        final long round;

        Head(long generation, int chunks, long round) {
            this.generation = generation;
            this.chunks = chunks;
            this.round = round;
        }
    }
}

package org.strads4j.engine;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCompute;
import org.apache.ignite.IgniteDataStreamer;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.PartitionLossPolicy;
import org.apache.ignite.cache.affinity.Affinity;
import org.apache.ignite.cache.affinity.AffinityKey;
import org.apache.ignite.cache.affinity.rendezvous.RendezvousAffinityFunction;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.lang.IgniteFuture;
import org.apache.ignite.lang.IgnitePredicate;
import org.strads4j.api.Assignment;
import org.strads4j.api.BadInputException;
import org.strads4j.api.Batch;
import org.strads4j.api.Job;
import org.strads4j.api.ParamStore;
import org.strads4j.cluster.StradsCluster;

/**
 * A job placed on a cluster, in two steps that may run on different nodes:
 * <ol>
 *   <li>{@link #prepare}, wherever the shards are (the submitting client, or the coordinator's
 *       node): creates the job's two caches and streams each worker's shard into the shard cache,
 *       in chunks placed by affinity on that worker's node;</li>
 *   <li>{@link #install}, on the coordinator's node: installs a {@link WorkerRuntime} per worker,
 *       which reads its shard from its node's primary copies.</li>
 * </ol>
 * Workers' jobs are dispatched with {@code affinityCall}, so each runs where its shard is.
 *
 * <p>The caches are configured explicitly: partitioned, atomic, no backups (a lost node loses the
 * job, which fails rather than computing on missing data: partition loss policy
 * {@code READ_WRITE_SAFE}), 32 partitions per worker (64 to 1024), and a node filter that keeps them on the
 * job's worker nodes, so a server joining mid-job never takes a shard's partition away from its
 * worker. Closing the deployment uninstalls the workers and destroys the caches.
 */
public final class JobDeployment implements AutoCloseable {
    /** Shards travel and rest in chunks of at most this many bytes (one message, one cache entry). */
    static final int CHUNK_BYTES = 4 << 20;
    /** Partitions per worker node: enough that every worker node is primary for some. */
    private static final int PARTITIONS_PER_NODE = 32;

    private final Ignite ignite;
    private final JobPlacement placement;
    private final List<String> workerNodes;
    private boolean closed;

    private JobDeployment(Ignite ignite, JobPlacement placement, List<String> workerNodes) {
        this.ignite = ignite;
        this.placement = placement;
        this.workerNodes = workerNodes;
    }

    /** {@link #prepare} and {@link #install} on one node: the embedded path. */
    static JobDeployment deploy(StradsCluster cluster, Job job, CoordinatorPlan plan) {
        JobPlacement placement = prepare(cluster.coordinator(), cluster.workers(), newJobId(job.spec().app()),
                job.spec().seed(), job.shards());
        return install(cluster.coordinator(), placement, plan);
    }

    /** A fresh job id: the app's name and 8 hex digits. */
    public static String newJobId(String app) {
        return app + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Creates the job's caches on the first {@code shards.size()} of {@code nodes} and streams the
     * shards into them. On failure the caches are destroyed again.
     *
     * @throws IllegalStateException when there are fewer nodes than shards
     */
    public static JobPlacement prepare(Ignite ignite, List<ClusterNode> nodes, String jobId, long seed,
                                       List<? extends Serializable> shards) {
        int workers = shards.size();
        if (nodes.size() < workers) {
            throw new BadInputException("Invalid --nodes: " + workers + " (the cluster has " + nodes.size()
                    + " server node" + (nodes.size() == 1 ? "" : "s") + ")");
        }
        List<ClusterNode> workerNodes = nodes.subList(0, workers);
        Set<UUID> ids = new LinkedHashSet<>();
        for (ClusterNode n : workerNodes) {
            ids.add(n.id());
        }
        String shardCache = "strads-" + jobId + "-shards";
        String paramCache = "strads-" + jobId + "-params";
        int partitions = Math.min(1024, Math.max(64, PARTITIONS_PER_NODE * workers));
        ignite.createCache(cacheConfig(shardCache, ids, partitions));
        try {
            ignite.createCache(cacheConfig(paramCache, ids, partitions));
            long[] keys = shardKeys(ignite.affinity(shardCache), workerNodes);
            int[] chunks = streamShards(ignite, shardCache, keys, shards);
            return new JobPlacement(jobId, shardCache, paramCache, keys, chunks, seed);
        } catch (RuntimeException e) {
            destroyCaches(ignite, shardCache, paramCache);
            throw e;
        }
    }

    /**
     * Installs the workers of a prepared job and checks that the worker nodes' public pools can
     * hold the job's pipelined rounds. On failure the job's caches are destroyed.
     */
    public static JobDeployment install(Ignite ignite, JobPlacement placement, CoordinatorPlan plan) {
        byte[] update = JdkSerialization.toBytes(plan.update());
        byte[] evaluate = JdkSerialization.toBytes(plan.evaluate());
        JobDeployment d = new JobDeployment(ignite, placement, new ArrayList<>());
        try {
            List<IgniteFuture<WorkerJobs.Installed>> installs = new ArrayList<>();
            for (int w = 0; w < placement.workers(); w++) {
                installs.add(d.callAsync(w, new WorkerJobs.Install(placement, w, update, evaluate)));
            }
            int smallestPool = Integer.MAX_VALUE;
            for (int w = 0; w < placement.workers(); w++) {
                WorkerJobs.Installed in = join(installs.get(w), w, "install");
                d.workerNodes.add(in.node());
                smallestPool = Math.min(smallestPool, in.publicPool());
            }
            int staleness = plan.spec().staleness();
            if (staleness > smallestPool - 2) {
                throw new BadInputException("Invalid --staleness: " + staleness + " (a worker's pipelined rounds wait in"
                        + " order in its node's public thread pool; the smallest worker pool has " + smallestPool
                        + " threads, so use at most " + (smallestPool - 2) + ")");
            }
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
        return d;
    }

    /**
     * Ships a coordinator plan (as bytes) into a prepared job's shard cache, in chunks; returns the
     * chunk count {@link #fetchPlan} needs. A plan holds the coordinator's state, which may be as
     * large as the data: it travels like the shards, never as one message.
     */
    public static int shipPlan(Ignite ignite, JobPlacement placement, byte[] plan) {
        int chunks = Math.max(1, (plan.length + CHUNK_BYTES - 1) / CHUNK_BYTES);
        try (IgniteDataStreamer<AffinityKey<Long>, byte[]> streamer = ignite.dataStreamer(placement.shardCache())) {
            streamer.allowOverwrite(true);
            streamer.perNodeBufferSize(1);
            for (int c = 0; c < chunks; c++) {
                int from = c * CHUNK_BYTES;
                streamer.addData(placement.planChunkKey(c), Arrays.copyOfRange(plan, from,
                        Math.min(plan.length, from + CHUNK_BYTES)));
            }
        }
        return chunks;
    }

    /** Reads a shipped plan's bytes and removes them from the cache. */
    public static byte[] fetchPlan(Ignite ignite, JobPlacement placement, int chunks) {
        org.apache.ignite.IgniteCache<AffinityKey<Long>, byte[]> cache = ignite.cache(placement.shardCache());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int c = 0; c < chunks; c++) {
            byte[] part = cache.getAndRemove(placement.planChunkKey(c));
            if (part == null) {
                throw new IllegalStateException("job " + placement.jobId() + ": chunk " + c + " of its plan is missing");
            }
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static CacheConfiguration<Object, Object> cacheConfig(String name, Set<UUID> nodes, int partitions) {
        return new CacheConfiguration<>(name)
                .setCacheMode(CacheMode.PARTITIONED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setBackups(0)
                .setPartitionLossPolicy(PartitionLossPolicy.READ_WRITE_SAFE)
                .setAffinity(new RendezvousAffinityFunction(false, partitions))
                .setNodeFilter(new OnNodes(nodes));
    }

    /** Keeps a job's caches on its worker nodes. */
    static final class OnNodes implements IgnitePredicate<ClusterNode> {
        private static final long serialVersionUID = 1L;
        private final HashSet<UUID> nodes;

        OnNodes(Set<UUID> nodes) {
            this.nodes = new HashSet<>(nodes);
        }

        @Override
        public boolean apply(ClusterNode node) {
            return nodes.contains(node.id());
        }
    }

    /** For each node in order, the smallest key not yet taken whose primary is that node. */
    static long[] shardKeys(Affinity<Object> affinity, List<ClusterNode> nodes) {
        long[] keys = new long[nodes.size()];
        Set<Long> taken = new HashSet<>();
        for (int w = 0; w < nodes.size(); w++) {
            ClusterNode target = nodes.get(w);
            long k = 0;
            while (taken.contains(k) || !affinity.mapKeyToNode(k).id().equals(target.id())) {
                k++;
                if (k > 1_000_000) {
                    throw new IllegalStateException("no shard key maps to node " + target.consistentId());
                }
            }
            keys[w] = k;
            taken.add(k);
        }
        return keys;
    }

    /** Streams each shard, serialised, in chunks placed with its shard key; returns the chunk counts. */
    private static int[] streamShards(Ignite ignite, String cache, long[] keys, List<? extends Serializable> shards) {
        int[] chunks = new int[shards.size()];
        try (IgniteDataStreamer<AffinityKey<Long>, byte[]> streamer = ignite.dataStreamer(cache)) {
            // Ordinary cache updates for the few large chunks: consistent whatever happens to the
            // streamer (and Ignite warns about every streamer that skips them).
            streamer.allowOverwrite(true);
            streamer.perNodeBufferSize(1);
            for (int w = 0; w < shards.size(); w++) {
                byte[] bytes = JdkSerialization.toBytes(shards.get(w));
                chunks[w] = Math.max(1, (bytes.length + CHUNK_BYTES - 1) / CHUNK_BYTES);
                for (int c = 0; c < chunks[w]; c++) {
                    int from = c * CHUNK_BYTES;
                    byte[] chunk = Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + CHUNK_BYTES));
                    streamer.addData(new AffinityKey<>(((long) w << 32) | c, keys[w]), chunk);
                }
            }
        }
        return chunks;
    }

    <R> IgniteFuture<R> callAsync(int worker, IgniteCallable<R> job) {
        IgniteCompute compute = ignite.compute();
        return compute.affinityCallAsync(placement.shardCache(), placement.shardKey(worker), job);
    }

    /** Waits for a worker's job; a failure stops the job with the worker, the step and the cause. */
    static <R> R join(IgniteFuture<R> f, int worker, String step) {
        try {
            return f.get();
        } catch (IgniteException e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause instanceof IgniteException) {
                cause = cause.getCause();
            }
            if (cause instanceof BadInputException bad) {
                throw bad;
            }
            throw new WorkerFailedException("worker " + worker + " failed in " + step + ": " + cause, e);
        }
    }

    /** Dispatches one round to every worker, with the commits they may not have applied yet. */
    List<IgniteFuture<Batch>> dispatch(long round, List<RoundCommit> commits, Assignment assignment) {
        List<IgniteFuture<Batch>> fs = new ArrayList<>(workers());
        for (int w = 0; w < workers(); w++) {
            fs.add(callAsync(w, new WorkerJobs.Round(placement.jobId(), w, round, commits, assignment.forWorker(w))));
        }
        return fs;
    }

    double[][] evaluate(List<RoundCommit> commits) {
        List<IgniteFuture<double[]>> fs = new ArrayList<>();
        for (int w = 0; w < workers(); w++) {
            fs.add(callAsync(w, new WorkerJobs.Evaluate(placement.jobId(), w, commits)));
        }
        double[][] partials = new double[workers()][];
        for (int w = 0; w < workers(); w++) {
            partials[w] = join(fs.get(w), w, "evaluate");
        }
        return partials;
    }

    int workers() {
        return placement.workers();
    }

    String jobId() {
        return placement.jobId();
    }

    /** The consistent ids of the nodes the workers were installed on, in worker order. */
    List<String> workerNodes() {
        return List.copyOf(workerNodes);
    }

    <V> IgniteParamStore<V> params() {
        return new IgniteParamStore<>(ignite.cache(placement.paramCache()));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int w = 0; w < workers(); w++) {
            try {
                callAsync(w, new WorkerJobs.Uninstall(placement.jobId(), w)).get();
            } catch (RuntimeException e) {
                // the node may be gone; its runtime went with it
            }
        }
        destroyCaches(ignite, placement.shardCache(), placement.paramCache());
    }

    /** Destroys a prepared job's caches (when it never got installed). */
    public static void destroy(Ignite ignite, JobPlacement placement) {
        destroyCaches(ignite, placement.shardCache(), placement.paramCache());
    }

    private static void destroyCaches(Ignite ignite, String... names) {
        for (String name : names) {
            try {
                ignite.destroyCache(name);
            } catch (RuntimeException e) {
                // already gone, or the cluster is stopping
            }
        }
    }
}

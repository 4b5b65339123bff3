package org.strads4j.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteCompute;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.affinity.Affinity;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.lang.IgniteFuture;
import org.strads4j.api.Assignment;
import org.strads4j.api.BadInputException;
import org.strads4j.api.Batch;
import org.strads4j.api.Job;
import org.strads4j.api.ParamStore;
import org.strads4j.cluster.StradsCluster;

/**
 * A job placed on a cluster: its shard cache (one entry per worker, each placed by affinity on
 * its worker's node), its parameter cache, and an installed {@link WorkerRuntime} per worker.
 * Dispatches the workers' jobs with {@code affinityCall}, so each runs where its shard is.
 * Closing it uninstalls the workers and destroys the caches.
 */
final class JobDeployment implements AutoCloseable {
    private final Ignite ignite;
    private final JobPlacement placement;
    private final IgniteCache<Long, Object> paramCache;
    private final List<String> workerNodes;

    private JobDeployment(Ignite ignite, JobPlacement placement, IgniteCache<Long, Object> paramCache,
                          List<String> workerNodes) {
        this.ignite = ignite;
        this.placement = placement;
        this.paramCache = paramCache;
        this.workerNodes = workerNodes;
    }

    /** Creates the caches, stores the shards on their nodes and installs every worker. */
    static JobDeployment deploy(StradsCluster cluster, Job job) {
        byte[] update = JdkSerialization.toBytes(job.update());
        byte[] evaluate = JdkSerialization.toBytes(job.evaluate());
        Ignite ignite = cluster.coordinator();
        int pool = ignite.configuration().getPublicThreadPoolSize();
        if (job.spec().staleness() > pool - 2) {
            throw new BadInputException("Invalid --staleness: " + job.spec().staleness() + " (a worker's pipelined rounds"
                    + " wait in order in the nodes' public thread pool of " + pool + " threads; use at most "
                    + (pool - 2) + ")");
        }
        List<ClusterNode> nodes = cluster.workers();
        int workers = job.shards().size();
        if (nodes.size() < workers) {
            throw new IllegalStateException("job needs " + workers + " worker nodes, cluster has " + nodes.size());
        }
        String jobId = job.spec().app() + "-" + UUID.randomUUID().toString().substring(0, 8);
        String shardCache = "strads-" + jobId + "-shards";
        String paramCache = "strads-" + jobId + "-params";
        IgniteCache<Long, Object> shards = ignite.createCache(cacheConfig(shardCache));
        IgniteCache<Long, Object> params = ignite.createCache(cacheConfig(paramCache));
        long[] keys = shardKeys(ignite.affinity(shardCache), nodes.subList(0, workers));
        for (int w = 0; w < workers; w++) {
            shards.put(keys[w], JdkSerialization.toBytes(job.shards().get(w)));
        }
        JobPlacement placement = new JobPlacement(jobId, shardCache, paramCache, keys, job.spec().seed());
        JobDeployment d = new JobDeployment(ignite, placement, params, new ArrayList<>());
        try {
            List<IgniteFuture<String>> installs = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                installs.add(d.callAsync(w, new WorkerJobs.Install(placement, w, update, evaluate)));
            }
            for (int w = 0; w < workers; w++) {
                d.workerNodes.add(join(installs.get(w), w, "install"));
            }
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
        return d;
    }

    private static CacheConfiguration<Long, Object> cacheConfig(String name) {
        return new CacheConfiguration<Long, Object>(name)
                .setCacheMode(CacheMode.PARTITIONED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setBackups(0);
    }

    /** For each node in order, the smallest key not yet taken whose primary is that node. */
    static long[] shardKeys(Affinity<Long> affinity, List<ClusterNode> nodes) {
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

    <V> ParamStore<V> params() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        ParamStore<V> store = new IgniteParamStore(paramCache);
        return store;
    }

    @Override
    public void close() {
        for (int w = 0; w < workers(); w++) {
            try {
                callAsync(w, new WorkerJobs.Uninstall(placement.jobId(), w)).get();
            } catch (RuntimeException e) {
                // the node may be gone; its runtime went with it
            }
        }
        ignite.destroyCache(placement.shardCache());
        ignite.destroyCache(placement.paramCache());
    }
}

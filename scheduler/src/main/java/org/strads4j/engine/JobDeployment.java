package org.strads4j.engine;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteCheckedException;
import org.apache.ignite.IgniteCompute;
import org.apache.ignite.IgniteDataStreamer;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.PartitionLossPolicy;
import org.apache.ignite.cache.affinity.Affinity;
import org.apache.ignite.cache.affinity.AffinityKey;
import org.apache.ignite.cache.affinity.rendezvous.RendezvousAffinityFunction;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.cluster.ClusterTopologyException;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.internal.IgniteEx;
import org.apache.ignite.internal.IgniteNodeAttributes;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.lang.IgniteFuture;
import org.apache.ignite.lang.IgnitePredicate;
import org.strads4j.api.Assignment;
import org.strads4j.api.BadInputException;
import org.strads4j.kernel.Device;
import org.strads4j.api.Batch;
import org.strads4j.api.Job;
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
 * Workers' jobs are dispatched with {@code affinityCall}, so each runs where its shard is, and
 * without Ignite's failover: a job lost with its node fails, and the engine recovers the whole job
 * from its last checkpoint ({@link #reinstall}) instead of running one worker's round elsewhere.
 *
 * <p>The caches are configured explicitly: partitioned, atomic, {@code backups} copies of every
 * partition (so a lost node loses no shard and no parameter), partition loss policy
 * {@code READ_WRITE_SAFE} (a job that lost more nodes than it has backups fails rather than
 * computing on missing data), 32 partitions per worker (64 to 1024), and a node filter that keeps
 * them on the job's worker nodes, so a server joining mid-job never takes a shard's partition from
 * its worker. Closing the deployment uninstalls the workers and destroys the caches.
 */
public final class JobDeployment implements AutoCloseable {
    /** Shards travel and rest in chunks of at most this many bytes (one message, one cache entry). */
    public static final int CHUNK_BYTES = 4 << 20;
    /** Partitions per worker node: enough that every worker node is primary for some. */
    private static final int PARTITIONS_PER_NODE = 32;

    private final Ignite ignite;
    private final JobPlacement placement;
    private final byte[] update;
    private final byte[] evaluate;
    private final int staleness;
    private final List<String> workerNodes = new ArrayList<>();
    private final List<String> kernels = new ArrayList<>();
    private long generation;
    private boolean closed;

    private JobDeployment(Ignite ignite, JobPlacement placement, CoordinatorPlan plan) {
        this.ignite = ignite;
        this.placement = placement;
        this.update = JdkSerialization.toBytes(plan.update());
        this.evaluate = JdkSerialization.toBytes(plan.evaluate());
        // the pipeline depth: under param-server a worker has one clock in flight whatever the bound
        this.staleness = org.strads4j.api.JobSpec.MODEL_PARALLEL.equals(plan.spec().schedule())
                ? plan.spec().staleness() : 0;
    }

    /** {@link #prepare} and {@link #install} on one node: the embedded path. */
    static JobDeployment deploy(StradsCluster cluster, Job job, CoordinatorPlan plan) {
        JobPlacement placement = prepare(cluster.coordinator(), cluster.workers(), newJobId(job.spec().app()),
                job.spec(), job.shards());
        return install(cluster.coordinator(), placement, plan);
    }

    /** A fresh job id: the app's name and 8 hex digits. */
    public static String newJobId(String app) {
        return app + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * The backups a job's caches get on its {@code workers} (the nodes {@link #prepare} places it
     * on): the spec's {@code backups}, or, when it says auto (-1), one when the workers run in
     * more than one process, and none when they share one JVM (the embedded cluster): nodes of one
     * process fail together, so a copy on another of them protects against nothing a run meets,
     * and costs a copy of the data off-heap (and the checkpoints a job with backups takes). Never
     * more than the other worker nodes can hold.
     */
    static int backups(org.strads4j.api.JobSpec spec, List<ClusterNode> workers) {
        int b = spec.backups() >= 0 ? spec.backups() : (spec.nodes() > 1 && !oneProcess(workers) ? 1 : 0);
        return Math.min(b, Math.max(0, spec.nodes() - 1));
    }

    /** Whether all of {@code nodes} run in one JVM: the same process id on the same network interfaces. */
    static boolean oneProcess(Collection<ClusterNode> nodes) {
        Set<List<Object>> processes = new HashSet<>();
        for (ClusterNode n : nodes) {
            processes.add(Arrays.asList(n.attribute(IgniteNodeAttributes.ATTR_JVM_PID),
                    n.attribute(IgniteNodeAttributes.ATTR_MACS)));
        }
        return processes.size() <= 1;
    }

    /** The node attribute that marks a server with a GPU ({@code ignite-config/gpu-server.xml}). */
    public static final String GPU_ATTRIBUTE = "strads.gpu";

    /**
     * The order in which a job's workers take {@code nodes}: a job that may run CUDA kernels
     * ({@code --device gpu} or {@code auto}) takes the nodes marked {@link #GPU_ATTRIBUTE}{@code =true}
     * first, so its kernels run on GPUs where the cluster has them; a CPU job ({@code cpu},
     * {@code blas}) takes the unmarked nodes first and leaves the GPU nodes to GPU jobs. Otherwise
     * the order of {@code nodes} is kept (a stable partition), so a cluster without marks, and
     * every CPU-only run, places workers as before.
     */
    public static List<ClusterNode> workerOrder(List<ClusterNode> nodes, org.strads4j.api.JobSpec spec) {
        Device device = Device.of(spec.params());
        boolean gpuFirst = (device == Device.GPU || device == Device.AUTO) && hasGpuKernels(spec.app());
        List<ClusterNode> first = new ArrayList<>();
        List<ClusterNode> rest = new ArrayList<>();
        for (ClusterNode n : nodes) {
            Object mark = n.attribute(GPU_ATTRIBUTE); // typed Object: valueOf(char[]) would be inferred
            boolean gpu = "true".equalsIgnoreCase(String.valueOf(mark));
            (gpu == gpuFirst ? first : rest).add(n);
        }
        first.addAll(rest);
        return first;
    }

    private static boolean hasGpuKernels(String app) {
        try {
            return org.strads4j.api.App.named(app).hasGpuKernels();
        } catch (BadInputException e) {
            return false; // a job planned by hand, not by a registered app
        }
    }

    /**
     * Creates the job's caches on {@code shards.size()} of {@code nodes}, taken in
     * {@link #workerOrder}, with {@link #backups} copies for those nodes, and streams the shards
     * into them. On failure the caches are destroyed.
     *
     * @throws BadInputException when there are fewer nodes than shards
     */
    public static JobPlacement prepare(Ignite ignite, List<ClusterNode> nodes, String jobId,
                                       org.strads4j.api.JobSpec spec, List<? extends Serializable> shards) {
        int workers = shards.size();
        long seed = spec.seed();
        if (nodes.size() < workers) {
            throw new BadInputException("Invalid --nodes: " + workers + " (the cluster has " + nodes.size()
                    + " server node" + (nodes.size() == 1 ? "" : "s") + ")");
        }
        List<ClusterNode> workerNodes = workerOrder(nodes, spec).subList(0, workers);
        int backups = backups(spec, workerNodes);
        Set<UUID> ids = new LinkedHashSet<>();
        for (ClusterNode n : workerNodes) {
            ids.add(n.id());
        }
        String shardCache = "strads-" + jobId + "-shards";
        String paramCache = "strads-" + jobId + "-params";
        int partitions = Math.min(1024, Math.max(64, PARTITIONS_PER_NODE * workers));
        ignite.createCache(cacheConfig(shardCache, ids, partitions, backups));
        try {
            ignite.createCache(cacheConfig(paramCache, ids, partitions, backups));
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
        JobDeployment d = new JobDeployment(ignite, placement, plan);
        try {
            d.installAll(0);
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
        return d;
    }

    /**
     * Installs every worker (generation {@link #generation}) at {@code startRound}, where its
     * shard's primary copy now is, and checks the worker nodes' pools.
     */
    private void installAll(long startRound) {
        List<IgniteFuture<WorkerJobs.Installed>> installs = new ArrayList<>();
        for (int w = 0; w < placement.workers(); w++) {
            installs.add(callAsync(w, new WorkerJobs.Install(placement, w, update, evaluate, generation, startRound)));
        }
        int smallestPool = Integer.MAX_VALUE;
        workerNodes.clear();
        kernels.clear();
        List<WorkerJobs.Installed> installed = joinAll(installs, "install", this::workerNodeLost);
        for (int w = 0; w < placement.workers(); w++) {
            WorkerJobs.Installed in = installed.get(w);
            workerNodes.add(in.node());
            kernels.add(in.kernel());
            smallestPool = Math.min(smallestPool, in.publicPool());
        }
        if (staleness > smallestPool - 2) {
            throw new BadInputException("Invalid --staleness: " + staleness + " (a worker's pipelined rounds wait in"
                    + " order in its node's public thread pool; the smallest worker pool has " + smallestPool
                    + " threads, so use at most " + (smallestPool - 2) + ")");
        }
    }

    /**
     * After a node was lost: waits for the cluster to settle, refuses to go on when partitions are
     * lost, abandons every runtime of the job on every node, and installs every worker again (the
     * next generation) at {@code startRound}, each where its shard's primary copy now is.
     *
     * @throws DataLostException when the job's caches lost partitions (more nodes lost than backups)
     */
    void reinstall(long startRound) {
        awaitTopology();
        Collection<Integer> lost = lostPartitions();
        if (!lost.isEmpty()) {
            throw new DataLostException(lost.size());
        }
        generation++;
        ignite.compute(ignite.cluster().forServers()).withNoFailover()
                .broadcast(new WorkerJobs.AbandonAll(placement.jobId(), placement.workers()));
        installAll(startRound);
    }

    /** The partitions of the job's caches that no live node holds. */
    Collection<Integer> lostPartitions() {
        Set<Integer> lost = new HashSet<>();
        for (String name : List.of(placement.shardCache(), placement.paramCache())) {
            IgniteCache<Object, Object> c = ignite.cache(name);
            if (c != null) {
                lost.addAll(c.lostPartitions());
            }
        }
        return lost;
    }

    /** Waits (at most 60 s) until this node has finished the partition exchange of the current topology. */
    private void awaitTopology() {
        try {
            ((IgniteEx) ignite).context().cache().context().exchange().lastTopologyFuture().get(60_000);
        } catch (IgniteCheckedException | RuntimeException e) {
            // go on: the next step fails clearly if the cluster has not settled
        }
    }

    /** Every worker's state for a checkpoint at {@code round} (every commit up to it applied). */
    byte[][] saveStates(long round) {
        List<IgniteFuture<byte[]>> fs = new ArrayList<>();
        for (int w = 0; w < workers(); w++) {
            fs.add(callAsync(w, new WorkerJobs.SaveState(placement.jobId(), w, generation, round)));
        }
        return joinAll(fs, "checkpoint", this::workerNodeLost).toArray(new byte[0][]);
    }

    /** Restores every worker's checkpointed state (after {@link #reinstall}). */
    void restoreStates(byte[][] states) {
        List<IgniteFuture<Boolean>> fs = new ArrayList<>();
        for (int w = 0; w < workers(); w++) {
            fs.add(callAsync(w, new WorkerJobs.RestoreState(placement.jobId(), w, generation, states[w])));
        }
        joinAll(fs, "restore", this::workerNodeLost);
    }

    /** The parameter store's entries (for a checkpoint). */
    LinkedHashMap<Long, Object> paramEntries() {
        return this.<Object>params().entries();
    }

    /** Replaces the parameter store's entries with a checkpoint's. */
    void restoreParams(Map<Long, Object> entries) {
        IgniteCache<Long, Object> c = ignite.cache(placement.paramCache());
        c.clear();
        if (!entries.isEmpty()) {
            c.putAll(entries);
        }
    }

    private static CacheConfiguration<Object, Object> cacheConfig(String name, Set<UUID> nodes, int partitions,
                                                                  int backups) {
        return new CacheConfiguration<>(name)
                .setCacheMode(CacheMode.PARTITIONED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setBackups(backups)
                .setWriteSynchronizationMode(backups > 0 ? CacheWriteSynchronizationMode.FULL_SYNC
                        : CacheWriteSynchronizationMode.PRIMARY_SYNC)
                .setPartitionLossPolicy(PartitionLossPolicy.READ_WRITE_SAFE)
                .setAffinity(new RendezvousAffinityFunction(false, partitions))
                .setNodeFilter(new OnNodes(nodes));
    }

    /**
     * A shard's serialisation (or a shipped plan's bytes) cut into {@link #CHUNK_BYTES} chunks as it
     * is written, each handed on when full (and the last on close; at least one), so that no array
     * of the whole shard is ever on the heap: at p = 1 million the whole array, its growth and its
     * copies were three shards' worth.
     */
    static final class ChunkOutput extends java.io.OutputStream {
        interface Sink {
            void chunk(int index, byte[] chunk);
        }

        private final Sink sink;
        private byte[] buffer = new byte[CHUNK_BYTES];
        private int filled;
        private int chunks;

        ChunkOutput(Sink sink) {
            this.sink = sink;
        }

        @Override
        public void write(int b) {
            if (filled == buffer.length) {
                handOn();
            }
            buffer[filled++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                if (filled == buffer.length) {
                    handOn();
                }
                int n = Math.min(len, buffer.length - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        private void handOn() {
            sink.chunk(chunks++, buffer);
            buffer = new byte[CHUNK_BYTES];
            filled = 0;
        }

        @Override
        public void close() {
            if (buffer != null && (filled > 0 || chunks == 0)) {
                sink.chunk(chunks++, Arrays.copyOf(buffer, filled));
            }
            buffer = null;
        }

        /** How many chunks were handed on (after {@link #close}). */
        int chunks() {
            return chunks;
        }
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
                long shardKey = keys[w];
                long high = (long) w << 32;
                ChunkOutput out = new ChunkOutput((c, chunk) -> streamer.addData(new AffinityKey<>(high | c, shardKey),
                        chunk));
                JdkSerialization.write(shards.get(w), out);
                chunks[w] = out.chunks();
            }
        }
        return chunks;
    }

    /**
     * Ships a coordinator plan (as bytes) into a prepared job's shard cache, in chunks; returns the
     * chunk count {@link #fetchPlan} needs. A plan holds the coordinator's state, which may be as
     * large as the data: it travels like the shards, never as one message. It stays there until the
     * job's caches are destroyed, for a coordinator that has to start again on another node.
     */
    public static int shipPlan(Ignite ignite, JobPlacement placement, byte[] plan) {
        try (IgniteDataStreamer<AffinityKey<Long>, byte[]> streamer = ignite.dataStreamer(placement.shardCache())) {
            streamer.allowOverwrite(true);
            streamer.perNodeBufferSize(1);
            ChunkOutput out = new ChunkOutput((c, chunk) -> streamer.addData(placement.planChunkKey(c), chunk));
            out.write(plan, 0, plan.length);
            out.close();
            return out.chunks();
        }
    }

    /** Reads a shipped plan's bytes. */
    public static byte[] fetchPlan(Ignite ignite, JobPlacement placement, int chunks) {
        IgniteCache<AffinityKey<Long>, byte[]> cache = ignite.cache(placement.shardCache());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int c = 0; c < chunks; c++) {
            byte[] part = cache.get(placement.planChunkKey(c));
            if (part == null) {
                throw new IllegalStateException("job " + placement.jobId() + ": chunk " + c + " of its plan is missing");
            }
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    <R> IgniteFuture<R> callAsync(int worker, IgniteCallable<R> job) {
        IgniteCompute compute = ignite.compute().withNoFailover();
        return compute.affinityCallAsync(placement.shardCache(), placement.shardKey(worker), job);
    }

    /**
     * Waits for every worker's job of one step, taking them in the order they finish: the first
     * failure is thrown at once ({@link #join}), so a worker lost mid-step is seen while the others
     * still wait (for instance for a message the lost worker will never send), and the recovery
     * that follows abandons them. Waiting in worker order instead would sit out the first
     * waiting worker's ten-minute timeout before seeing the loss.
     */
    static <R> List<R> joinAll(List<IgniteFuture<R>> fs, String step) {
        return joinAll(fs, step, () -> false);
    }

    /**
     * {@link #joinAll(List, String)}, failing with a node loss when {@code nodeLost} says one
     * happened. A null future is a worker whose job was not sent (it ran here): its result stays
     * null, and the others keep their worker numbers.
     */
    static <R> List<R> joinAll(List<IgniteFuture<R>> fs, String step, java.util.function.BooleanSupplier nodeLost) {
        FinishedJobs finished = new FinishedJobs();
        int sent = 0;
        for (int w = 0; w < fs.size(); w++) {
            if (fs.get(w) != null) {
                finished.watch(w, fs.get(w));
                sent++;
            }
        }
        List<R> out = new ArrayList<>(java.util.Collections.nCopies(fs.size(), null));
        for (int n = 0; n < sent; n++) {
            int w = finished.next(step, nodeLost);
            out.set(w, join(fs.get(w), w, step));
        }
        return out;
    }

    /**
     * Waits for a worker's job; a failure stops the job with the worker, the step and the cause
     * ({@link NodeLostException} when the cause is a lost node, which the engine may recover from).
     */
    static <R> R join(IgniteFuture<R> f, int worker, String step) {
        try {
            return f.get();
        } catch (IgniteException e) {
            throw failure(e, worker, step);
        }
    }

    /**
     * What a worker's job failing with {@code e} stops the job with: a bad input as it is, a
     * {@link NodeLostException} when the cause is a lost node, else a {@link WorkerFailedException}
     * naming the worker, the step and the cause.
     */
    static RuntimeException failure(RuntimeException e, int worker, String step) {
        Throwable cause = e;
        while (cause.getCause() != null && cause instanceof IgniteException) {
            cause = cause.getCause();
        }
        if (cause instanceof BadInputException bad) {
            return bad;
        }
        if (isNodeLoss(e)) {
            return new NodeLostException("worker " + worker + " lost in " + step + ": " + cause, e);
        }
        return new WorkerFailedException("worker " + worker + " failed in " + step + ": " + cause, e);
    }

    /** True when {@code e} says a node left (or a job reached a node whose worker went with another). */
    static boolean isNodeLoss(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NodeLostException
                    || t instanceof ClusterTopologyException
                    || t instanceof org.apache.ignite.internal.cluster.ClusterTopologyCheckedException
                    || t instanceof WorkerJobs.NotInstalledException
                    || t instanceof WorkerRuntime.StaleJobException
                    || t instanceof javax.cache.CacheException && String.valueOf(t.getMessage()).contains("lost")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * Dispatches one round to every worker, with the commits they may not have applied yet; each
     * worker runs it after round {@code previous}, the last one dispatched to them (rounds on the
     * coordinator alone are never sent).
     */
    List<IgniteFuture<Batch>> dispatch(long previous, long round, List<RoundCommit> commits, Assignment assignment) {
        List<IgniteFuture<Batch>> fs = new ArrayList<>(workers());
        for (int w = 0; w < workers(); w++) {
            fs.add(callAsync(w, new WorkerJobs.Round(placement.jobId(), w, generation, previous, round, commits,
                    assignment.forWorker(w))));
        }
        return fs;
    }

    /** Sends clock {@code clock} to worker {@code w} (param-server); {@code barrier} under staleness 0. */
    IgniteFuture<Batch> dispatchClock(int w, long clock, boolean barrier) {
        return callAsync(w, new WorkerJobs.Clock(placement.jobId(), w, generation, clock, barrier));
    }

    /**
     * Every worker's evaluation partial, in worker order. The worker installed on the coordinator's
     * own node runs in the calling thread, after the others were sent: evaluations are barriers (no
     * round in flight), so nothing waits on it, and a path of 20 lambdas on finefoods spent 0.3 to
     * 1 ms of Ignite's job handling around 0.1 ms of work at each of them.
     */
    double[][] evaluate(List<RoundCommit> commits) {
        int here = workerHere();
        List<IgniteFuture<double[]>> fs = new ArrayList<>();
        for (int w = 0; w < workers(); w++) {
            fs.add(w == here ? null : callAsync(w, new WorkerJobs.Evaluate(placement.jobId(), w, generation, commits)));
        }
        double[] mine = null;
        if (here >= 0) {
            try {
                mine = new WorkerJobs.Evaluate(placement.jobId(), here, generation, commits).callOn(ignite);
            } catch (RuntimeException e) {
                throw failure(e, here, "evaluate");
            }
        }
        List<double[]> out = joinAll(fs, "evaluate", this::workerNodeLost);
        if (here >= 0) {
            out.set(here, mine);
        }
        return out.toArray(new double[0][]);
    }

    /**
     * The worker whose runtime of the current generation is installed on this (the coordinator's)
     * node, or -1.
     */
    private int workerHere() {
        for (int w = 0; w < workers(); w++) {
            if (ignite.cluster().nodeLocalMap().get(WorkerRuntime.key(placement.jobId(), w)) instanceof WorkerRuntime rt
                    && rt.isGeneration(generation)) {
                return w;
            }
        }
        return -1;
    }

    int workers() {
        return placement.workers();
    }

    String jobId() {
        return placement.jobId();
    }

    /** The consistent ids of the nodes the workers are installed on, in worker order. */
    /** True when a node the workers were installed on is no longer a server of the cluster. */
    boolean workerNodeLost() {
        java.util.Set<String> live = new java.util.HashSet<>();
        for (ClusterNode n : ignite.cluster().forServers().nodes()) {
            live.add(n.consistentId().toString());
        }
        for (String n : workerNodes) {
            if (!live.contains(n)) {
                return true;
            }
        }
        return false;
    }

    List<String> workerNodes() {
        return List.copyOf(workerNodes);
    }

    /** The kernel each worker computes with on its node, in worker order (the latest install). */
    List<String> kernels() {
        return List.copyOf(kernels);
    }

    /** The caches' backups (for provenance). */
    public int backups() {
        IgniteCache<Object, Object> c = ignite.cache(placement.shardCache());
        @SuppressWarnings("unchecked")
        CacheConfiguration<Object, Object> cfg = c == null ? null : c.getConfiguration(CacheConfiguration.class);
        return cfg == null ? 0 : cfg.getBackups();
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
        try {
            ignite.compute(ignite.cluster().forServers()).withNoFailover()
                    .broadcast(new WorkerJobs.AbandonAll(placement.jobId(), placement.workers()));
        } catch (RuntimeException e) {
            // nodes may be gone; their runtimes went with them
        }
        destroyCaches(ignite, placement.shardCache(), placement.paramCache());
    }

    /**
     * Lets go of the job without destroying its caches: its coordinator is moving to another node
     * (which reinstalls the workers and resumes from the checkpoint).
     */
    public void leave() {
        closed = true;
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

    /** A node of the job was lost: recoverable from a checkpoint when no data went with it. */
    static final class NodeLostException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NodeLostException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The job's caches lost partitions: more nodes were lost than the caches had backups. */
    static final class DataLostException extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        final int partitions;

        DataLostException(int partitions) {
            super(partitions + " partition" + (partitions == 1 ? "" : "s") + " of its shards and parameters");
            this.partitions = partitions;
        }
    }
}

package org.strads4j.engine;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CachePeekMode;
import org.apache.ignite.cache.affinity.AffinityKey;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.cluster.ClusterTopologyException;
import org.strads4j.api.Batch;
import org.strads4j.api.EvaluatePlugin;
import org.strads4j.api.ParamStore;
import org.strads4j.api.PeerBarrier;
import org.strads4j.api.UpdatePlugin;
import org.strads4j.api.WorkerContext;

/**
 * One worker of one job on one node: its shard, its local state, its plugins, and the last
 * commit it applied. Kept in the node-local map under {@link #key(String, int)} from install to
 * uninstall; every job of this worker runs under its monitor, commits first, in round order.
 *
 * <p>Each install has a generation: after a node is lost the coordinator rolls the job back to a
 * checkpoint and installs every worker again with the next generation. Jobs of an older generation
 * (still queued on a surviving node) are refused, and an abandoned runtime wakes the jobs waiting
 * on it, so nothing of the lost timeline runs against the restored one or waits forever.
 */
final class WorkerRuntime implements WorkerContext {
    /** How long a round waits for its predecessor before the job fails (a lost job, not a slow one). */
    private static final long TURN_TIMEOUT_MS = 600_000;

    private final String jobId;
    private final int worker;
    private final int workers;
    private final long seed;
    private final long generation;
    private final Object shard;
    private final UpdatePlugin update;
    private final EvaluatePlugin evaluate;
    private final IgniteParamStore<Object> params;
    private final Ignite ignite;
    private final JobPlacement placement;
    private final Mailbox mailbox;
    private ClusterNode[] workerNodes;
    private long nodesVersion = -1;
    private final Map<String, Object> local = new LinkedHashMap<>();
    private long lastApplied;
    private long lastRound;
    private long round;
    private volatile boolean abandoned;

    /**
     * @param startRound the round the job starts from: 0, or a checkpoint's round (every commit up
     *                   to it is in the restored state)
     */
    WorkerRuntime(Ignite ignite, JobPlacement placement, int worker, UpdatePlugin update, EvaluatePlugin evaluate,
                  long generation, long startRound) {
        this.jobId = placement.jobId();
        this.worker = worker;
        this.workers = placement.workers();
        this.seed = Seeds.worker(placement.seed(), worker);
        this.generation = generation;
        this.update = update;
        this.evaluate = evaluate;
        this.shard = JdkSerialization.read(shardInput(ignite, placement, worker));
        this.params = new IgniteParamStore<>(ignite.cache(placement.paramCache()));
        this.ignite = ignite;
        this.placement = placement;
        this.mailbox = Mailbox.of(ignite, placement.jobId(), generation);
        this.lastApplied = startRound;
        this.lastRound = startRound;
        this.round = startRound;
    }

    /**
     * The worker's shard as one stream over its chunks, each taken from this node's primary copy
     * only when the reader reaches it: no array of the whole shard is made.
     */
    private static java.io.InputStream shardInput(Ignite ignite, JobPlacement placement, int worker) {
        IgniteCache<AffinityKey<Long>, byte[]> shards = ignite.cache(placement.shardCache());
        int chunks = placement.shardChunks(worker);
        java.util.Enumeration<java.io.InputStream> parts = new java.util.Enumeration<>() {
            private int c;

            @Override
            public boolean hasMoreElements() {
                return c < chunks;
            }

            @Override
            public java.io.InputStream nextElement() {
                byte[] part = shards.localPeek(placement.chunkKey(worker, c), CachePeekMode.PRIMARY);
                if (part == null) {
                    throw new IllegalStateException("worker " + worker + " of job " + placement.jobId() + ": chunk " + c
                            + " of its shard has no primary copy on node " + ignite.name());
                }
                c++;
                return new java.io.ByteArrayInputStream(part);
            }
        };
        return new java.io.SequenceInputStream(parts);
    }

    static String key(String jobId, int worker) {
        return "strads/" + jobId + "/" + worker;
    }

    /** Whether this runtime is of install {@code jobGeneration} and not abandoned. */
    boolean isGeneration(long jobGeneration) {
        return !abandoned && jobGeneration == generation;
    }

    /** Fails a job of another generation (left over from before a recovery). */
    void checkGeneration(long jobGeneration) {
        if (abandoned || jobGeneration != generation) {
            throw new StaleJobException("worker " + worker + " of job " + jobId + ": a job of generation " + jobGeneration
                    + " reached the runtime of generation " + generation + (abandoned ? " (abandoned)" : ""));
        }
    }

    /**
     * Waits (on this monitor) until round {@code previous}, the one dispatched to this worker before
     * {@code r}, has run here.
     */
    void awaitTurn(long previous, long r) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TURN_TIMEOUT_MS;
        while (lastRound != previous) {
            if (abandoned) {
                throw new StaleJobException("worker " + worker + " of job " + jobId + " was abandoned while round " + r
                        + " waited");
            }
            if (lastRound >= r) {
                throw new IllegalStateException("worker " + worker + " of job " + jobId + " got round " + r
                        + " twice");
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new IllegalStateException("worker " + worker + " of job " + jobId + ": round " + previous
                        + " never arrived before round " + r);
            }
            wait(left);
        }
    }

    /** Marks {@code r} done and wakes the next round's job if it is waiting. */
    void roundDone(long r) {
        lastRound = r;
        notifyAll();
    }

    /** Drops this runtime: its waiting jobs fail at once instead of waiting for rounds that never come. */
    void abandon() {
        // Flagged before taking the monitor: a round job holds it while it waits for a message,
        // and looks at the flag while it waits, so it lets go within a moment.
        abandoned = true;
        synchronized (this) {
            notifyAll();
            closeLocals();
        }
    }

    /** The kernel the update plugin chose on this node (made now, so a missing device fails the install). */
    synchronized String kernel() {
        return update.kernel(this);
    }

    /** Frees node-local state that holds resources outside the heap (device memory): AutoCloseables. */
    private void closeLocals() {
        for (Object v : local.values()) {
            if (v instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // freeing is best effort: the worker is gone either way
                }
            }
        }
        local.clear();
    }

    /** Applies, in order, the commits of {@code commits} this worker has not applied yet. */
    void applyCommits(List<RoundCommit> commits) {
        for (RoundCommit c : commits) {
            if (c.round() == lastApplied + 1) {
                round = c.round();
                update.onCommit(c.commit(), this);
                lastApplied = c.round();
            } else if (c.round() > lastApplied + 1) {
                throw new IllegalStateException("worker " + worker + " of job " + jobId + " missed the commit of round "
                        + (lastApplied + 1) + " (got " + c.round() + ")");
            }
        }
    }

    Batch update(long r, Batch blocks) {
        round = r;
        return update.update(blocks, this);
    }

    /**
     * One param-server clock: the update plugin's step (its pulls and buffered pushes), then the
     * pushes land. With {@code barrier} (staleness 0) the workers first wait for each other, so no
     * push of clock {@code c} lands before every worker has pulled for {@code c}: each pull sees
     * exactly the pushes of the clocks before it.
     */
    Batch clock(long c, boolean barrier) {
        round = c;
        Batch out;
        try {
            out = update.update(Batch.empty(), this);
            if (barrier) {
                PeerBarrier.await(this, from -> barrierKey(c, from));
            }
            params.flushPushes();
        } finally {
            params.discardPushes();
        }
        lastApplied = c;
        return out;
    }

    /** Negative keys: apps' own message keys are theirs to choose, but these never collide with rounds. */
    private long barrierKey(long c, int from) {
        return -1 - (c * workers + from);
    }

    double[] evaluate() {
        round = lastApplied;
        return evaluate.partial(this);
    }

    /** The worker's state for a checkpoint at {@code expectedRound}, JDK-serialised. */
    byte[] saveState(long expectedRound) {
        if (lastApplied != expectedRound) {
            throw new IllegalStateException("worker " + worker + " of job " + jobId + " has applied the commits up to round "
                    + lastApplied + ", not " + expectedRound + ", at a checkpoint");
        }
        round = lastApplied;
        Serializable own = update.saveState(this);
        if (own != null) {
            return JdkSerialization.toBytes(new SavedState(true, own));
        }
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : local.entrySet()) {
            if (!(e.getValue() instanceof Serializable)) {
                throw new IllegalStateException("worker state '" + e.getKey() + "' of job " + jobId + " ("
                        + e.getValue().getClass().getName() + ") is not Serializable: make it so, or implement"
                        + " UpdatePlugin.saveState/restoreState");
            }
            copy.put(e.getKey(), e.getValue());
        }
        return JdkSerialization.toBytes(new SavedState(false, copy));
    }

    /** Restores a state {@link #saveState} made, on this fresh runtime. */
    @SuppressWarnings("unchecked")
    void restoreState(byte[] bytes) {
        SavedState saved = (SavedState) JdkSerialization.fromBytes(bytes);
        round = lastApplied;
        closeLocals(); // the kernel made at install may hold device memory
        if (saved.own) {
            update.restoreState(this, saved.state);
        } else {
            local.putAll((Map<String, Object>) saved.state);
        }
    }

    /** A worker's saved state: the plugin's own, or the whole node-local map. */
    static final class SavedState implements Serializable {
        private static final long serialVersionUID = 1L;
        final boolean own;
        final Serializable state;

        SavedState(boolean own, Serializable state) {
            this.own = own;
            this.state = state;
        }
    }

    @Override
    public int worker() {
        return worker;
    }

    @Override
    public int workers() {
        return workers;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public long round() {
        return round;
    }

    @Override
    public long roundSeed() {
        return Seeds.round(seed, round);
    }

    @Override
    public <T> T shard(Class<T> type) {
        return type.cast(shard);
    }

    @Override
    public <T> T local(String name, Supplier<T> init) {
        Object v = local.get(name);
        if (v == null) {
            v = init.get();
            local.put(name, v);
        }
        @SuppressWarnings("unchecked")
        T t = (T) v;
        return t;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> ParamStore<V> params() {
        return (ParamStore<V>) params;
    }

    /** A job of a generation that no longer runs (the coordinator rolled the job back since). */
    @Override
    public void send(int to, long key, Object message) {
        if (to < 0 || to >= workers) {
            throw new IllegalArgumentException("no worker " + to + " in a job of " + workers);
        }
        ClusterNode node = nodeOf(to);
        if (node == null) {
            throw new ClusterTopologyException("worker " + to + " of job " + jobId + " has no node (its shard's"
                    + " partition is lost)");
        }
        mailbox.send(node, to, generation, key, message);
    }

    /** The node worker {@code w} runs on (its shard's primary), looked up once per topology version. */
    private ClusterNode nodeOf(int w) {
        long version = ignite.cluster().topologyVersion();
        if (version != nodesVersion) {
            workerNodes = new ClusterNode[workers];
            nodesVersion = version;
        }
        ClusterNode n = workerNodes[w];
        if (n == null) {
            n = ignite.affinity(placement.shardCache()).mapKeyToNode(placement.shardKey(w));
            workerNodes[w] = n;
        }
        return n;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T receive(long key) {
        Object m;
        try {
            m = mailbox.take(worker, generation, key, TURN_TIMEOUT_MS, () -> !isAbandoned());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("worker " + worker + " of job " + jobId + " interrupted waiting for message "
                    + key, e);
        }
        if (m == null) {
            if (isAbandoned() || mailbox.isClosed()) {
                throw new StaleJobException("worker " + worker + " of job " + jobId + " was abandoned while waiting for"
                        + " message " + key);
            }
            throw new IllegalStateException("worker " + worker + " of job " + jobId + ": message " + key
                    + " did not arrive within " + TURN_TIMEOUT_MS / 1000 + " s");
        }
        return (T) m;
    }

    private boolean isAbandoned() {
        return abandoned;
    }

    static final class StaleJobException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        StaleJobException(String message) {
            super(message);
        }
    }
}

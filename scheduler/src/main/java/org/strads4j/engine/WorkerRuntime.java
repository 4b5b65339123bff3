package org.strads4j.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CachePeekMode;
import org.apache.ignite.cache.affinity.AffinityKey;
import org.strads4j.api.Batch;
import org.strads4j.api.EvaluatePlugin;
import org.strads4j.api.ParamStore;
import org.strads4j.api.UpdatePlugin;
import org.strads4j.api.WorkerContext;

/**
 * One worker of one job on one node: its shard, its local state, its plugins, and the last
 * commit it applied. Kept in the node-local map under {@link #key(String, int)} from install to
 * uninstall; every job of this worker runs under its monitor, commits first, in round order.
 */
final class WorkerRuntime implements WorkerContext {
    private final String jobId;
    private final int worker;
    private final int workers;
    private final long seed;
    private final Object shard;
    private final UpdatePlugin update;
    private final EvaluatePlugin evaluate;
    private final ParamStore<Object> params;
    private final Map<String, Object> local = new HashMap<>();
    private long lastApplied;
    private long lastRound;
    /** How long a round waits for its predecessor before the job fails (a lost job, not a slow one). */
    private static final long TURN_TIMEOUT_MS = 600_000;

    WorkerRuntime(Ignite ignite, JobPlacement placement, int worker, UpdatePlugin update, EvaluatePlugin evaluate) {
        this.jobId = placement.jobId();
        this.worker = worker;
        this.workers = placement.workers();
        this.seed = Seeds.worker(placement.seed(), worker);
        this.update = update;
        this.evaluate = evaluate;
        this.shard = JdkSerialization.fromBytes(readShard(ignite, placement, worker));
        this.params = new IgniteParamStore<>(ignite.cache(placement.paramCache()));
    }

    /** Joins the worker's shard chunks from this node's primary copies. */
    private static byte[] readShard(Ignite ignite, JobPlacement placement, int worker) {
        IgniteCache<AffinityKey<Long>, byte[]> shards = ignite.cache(placement.shardCache());
        int chunks = placement.shardChunks(worker);
        byte[][] parts = new byte[chunks][];
        int length = 0;
        for (int c = 0; c < chunks; c++) {
            parts[c] = shards.localPeek(placement.chunkKey(worker, c), CachePeekMode.PRIMARY);
            if (parts[c] == null) {
                throw new IllegalStateException("worker " + worker + " of job " + placement.jobId() + ": chunk " + c
                        + " of its shard has no primary copy on node " + ignite.name());
            }
            length += parts[c].length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static String key(String jobId, int worker) {
        return "strads/" + jobId + "/" + worker;
    }

    /** Waits (on this monitor) until the previous round of this worker has run. */
    void awaitTurn(long round) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TURN_TIMEOUT_MS;
        while (lastRound != round - 1) {
            if (lastRound >= round) {
                throw new IllegalStateException("worker " + worker + " of job " + jobId + " got round " + round
                        + " twice");
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new IllegalStateException("worker " + worker + " of job " + jobId + ": round " + (lastRound + 1)
                        + " never arrived before round " + round);
            }
            wait(left);
        }
    }

    /** Marks {@code round} done and wakes the next round's job if it is waiting. */
    void roundDone(long round) {
        lastRound = round;
        notifyAll();
    }

    /** Applies, in order, the commits of {@code commits} this worker has not applied yet. */
    void applyCommits(List<RoundCommit> commits) {
        for (RoundCommit c : commits) {
            if (c.round() == lastApplied + 1) {
                update.onCommit(c.commit(), this);
                lastApplied = c.round();
            } else if (c.round() > lastApplied + 1) {
                throw new IllegalStateException("worker " + worker + " of job " + jobId + " missed the commit of round "
                        + (lastApplied + 1) + " (got " + c.round() + ")");
            }
        }
    }

    Batch update(Batch blocks) {
        return update.update(blocks, this);
    }

    double[] evaluate() {
        return evaluate.partial(this);
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
}

package org.strads4j.engine;

import java.util.HashMap;
import java.util.Map;
import org.apache.ignite.lang.IgniteFuture;
import org.strads4j.api.ParamStore;

/**
 * The parameter store as the coordinator's plugins see it: writes are coalesced (the last value
 * per key wins) and sent to the Ignite cache in one asynchronous {@code putAll} ({@link #flush()})
 * at every checkpoint, at an evaluation when {@link ModelParallelEngine#FLUSH_SECONDS} have passed
 * since the last write, and when the job ends; never on the round path. At most one batch is in
 * flight (a flush first waits for the previous one), and {@link #sync()} waits for it, which the
 * engine does before a checkpoint, before the job's results are read and before it returns. Reads
 * see the pending writes, then the batch in flight, then the cache.
 *
 * <p>Workers read the cache itself: an app whose workers read parameters the coordinator wrote
 * may rely on them only after the next checkpoint (the bundled apps' workers do not read them;
 * what a worker needs of a round travels in its commit).
 */
final class CoordinatorParamStore<V> implements ParamStore<V> {
    private final IgniteParamStore<V> cache;
    private Map<Long, V> pending = new HashMap<>();
    private Map<Long, V> inFlight = Map.of();
    private IgniteFuture<Void> flushing;

    CoordinatorParamStore(IgniteParamStore<V> cache) {
        this.cache = cache;
    }

    @Override
    public V get(long key) {
        V v = pending.get(key);
        if (v == null) {
            v = inFlight.get(key);
        }
        return v != null ? v : cache.get(key);
    }

    @Override
    public Map<Long, V> getAll(long[] keys) {
        Map<Long, V> out = cache.getAll(keys);
        for (long k : keys) {
            V v = pending.get(k);
            if (v == null) {
                v = inFlight.get(k);
            }
            if (v != null) {
                out.put(k, v);
            }
        }
        return out;
    }

    @Override
    public Map<Long, V> entries() {
        Map<Long, V> out = cache.entries();
        out.putAll(inFlight);
        out.putAll(pending);
        return out;
    }

    @Override
    public void put(long key, V value) {
        pending.put(key, value);
    }

    @Override
    public void putAll(Map<Long, ? extends V> values) {
        pending.putAll(values);
    }

    /** Starts writing the pending values to the cache (after the previous batch has landed). */
    void flush() {
        sync();
        if (!pending.isEmpty()) {
            inFlight = pending;
            pending = new HashMap<>();
            flushing = cache.putAllAsync(inFlight);
        }
    }

    /**
     * Drops the pending writes (a job rolled back to a checkpoint): waits for the batch in flight,
     * if any, so that nothing of the abandoned timeline lands in the cache afterwards.
     */
    void discard() {
        try {
            sync();
        } catch (RuntimeException e) {
            flushing = null;   // it failed with the lost node; the checkpoint's values replace everything
        }
        inFlight = Map.of();
        pending = new HashMap<>();
    }

    /** Waits until the batch in flight is in the cache; a failed write fails the job here. */
    void sync() {
        if (flushing != null) {
            flushing.get();
            flushing = null;
            inFlight = Map.of();
        }
    }
}

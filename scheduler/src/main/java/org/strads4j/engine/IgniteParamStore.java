package org.strads4j.engine;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.lang.IgniteFuture;
import org.strads4j.api.ParamStore;

/**
 * A {@link ParamStore} over a job's partitioned Ignite cache. Pushes are buffered (deltas for the
 * same key added up here) until {@link #flushPushes}, which sends them to the owning nodes in one
 * {@code invokeAll}: the engine flushes a worker's pushes when its clock ends.
 */
final class IgniteParamStore<V> implements ParamStore<V> {
    private final IgniteCache<Long, V> cache;
    private final Map<Long, Object> pushes = new HashMap<>();

    IgniteParamStore(IgniteCache<Long, V> cache) {
        this.cache = cache;
    }

    @Override
    public V get(long key) {
        return cache.get(key);
    }

    @Override
    public Map<Long, V> getAll(long[] keys) {
        Set<Long> set = new HashSet<>(keys.length * 2);
        for (long k : keys) {
            set.add(k);
        }
        return new HashMap<>(cache.getAll(set));
    }

    /** Every stored entry, in the order the scan met them (a checkpoint's parameters). */
    @Override
    public java.util.LinkedHashMap<Long, V> entries() {
        java.util.LinkedHashMap<Long, V> out = new java.util.LinkedHashMap<>();
        try (var cursor = cache.query(new org.apache.ignite.cache.query.ScanQuery<Long, V>())) {
            for (javax.cache.Cache.Entry<Long, V> e : cursor) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    @Override
    public void put(long key, V value) {
        cache.put(key, value);
    }

    @Override
    public void putAll(Map<Long, ? extends V> values) {
        if (!values.isEmpty()) {
            cache.putAll(values);
        }
    }

    @Override
    public void push(Map<Long, ? extends V> deltas) {
        for (Map.Entry<Long, ? extends V> e : deltas.entrySet()) {
            pushes.merge(e.getKey(), Deltas.add(null, e.getValue()), Deltas::add);
        }
    }

    /** Sends the buffered pushes to their owners, adding each where it is stored; waits until they landed. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void flushPushes() {
        if (pushes.isEmpty()) {
            return;
        }
        Map<Long, Deltas.Add> processors = new java.util.TreeMap<>();
        for (Map.Entry<Long, Object> e : pushes.entrySet()) {
            processors.put(e.getKey(), new Deltas.Add(e.getValue()));
        }
        pushes.clear();
        ((IgniteCache) cache).invokeAll(processors);
    }

    /** Drops the buffered pushes (a clock that failed). */
    void discardPushes() {
        pushes.clear();
    }

    /** Writes many values without waiting; the map must not change until the future completes. */
    IgniteFuture<Void> putAllAsync(Map<Long, ? extends V> values) {
        return cache.putAllAsync(values);
    }
}

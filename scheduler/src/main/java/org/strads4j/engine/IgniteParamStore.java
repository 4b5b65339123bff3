package org.strads4j.engine;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.lang.IgniteFuture;
import org.strads4j.api.ParamStore;

/** A {@link ParamStore} over a job's partitioned Ignite cache. */
final class IgniteParamStore<V> implements ParamStore<V> {
    private final IgniteCache<Long, V> cache;

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

    /** Writes many values without waiting; the map must not change until the future completes. */
    IgniteFuture<Void> putAllAsync(Map<Long, ? extends V> values) {
        return cache.putAllAsync(values);
    }
}

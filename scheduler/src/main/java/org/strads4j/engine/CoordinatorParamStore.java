package org.strads4j.engine;

import java.util.HashMap;
import java.util.Map;
import org.strads4j.api.ParamStore;

/**
 * The parameter store as the coordinator's plugins see it: writes are coalesced (the last value
 * per key wins) and flushed to the Ignite cache in one {@code putAll} before every evaluation and
 * at the end of the job, instead of one cache round trip per round; reads see the pending writes
 * first. Workers always read the cache itself, so an app whose workers read parameters written by
 * the coordinator in the same evaluation interval must not rely on them before the flush.
 */
final class CoordinatorParamStore<V> implements ParamStore<V> {
    private final ParamStore<V> cache;
    private final Map<Long, V> pending = new HashMap<>();

    CoordinatorParamStore(ParamStore<V> cache) {
        this.cache = cache;
    }

    @Override
    public V get(long key) {
        V v = pending.get(key);
        return v != null ? v : cache.get(key);
    }

    @Override
    public Map<Long, V> getAll(long[] keys) {
        Map<Long, V> out = cache.getAll(keys);
        for (long k : keys) {
            V v = pending.get(k);
            if (v != null) {
                out.put(k, v);
            }
        }
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

    /** Writes the pending values to the cache. */
    void flush() {
        if (!pending.isEmpty()) {
            cache.putAll(pending);
            pending.clear();
        }
    }
}

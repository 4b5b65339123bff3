package org.strads4j.api;

import java.util.Map;

/**
 * The parameters of a job, held in a partitioned Ignite cache (one per job) and keyed by block.
 *
 * <p>Values are whatever a block is: a {@code Double} coefficient (Lasso), a {@code double[]}
 * factor row (MF), an {@code int[]} word-topic block (LDA). Reads of keys never written return
 * {@code null}. Operations go to the owning nodes; batch them ({@link #getAll}, {@link #putAll}):
 * a single call costs a network round trip on a real cluster.
 *
 * @param <V> the value type of a block
 */
public interface ParamStore<V> {

    /** The value of {@code key}, or {@code null} if it was never written. */
    V get(long key);

    /** The values of {@code keys} that exist (absent keys are left out). */
    Map<Long, V> getAll(long[] keys);

    /** Writes one value. */
    void put(long key, V value);

    /** Writes many values in one batch. */
    void putAll(Map<Long, ? extends V> values);
}

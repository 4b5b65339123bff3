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

    /**
     * Every stored entry, in no particular order: a scan of the whole cache, for reading back a
     * model whose untouched keys were never written (the zero coefficients of a sparse Lasso
     * model), where asking for every possible key would cost one lookup each. Not for the round
     * path.
     */
    Map<Long, V> entries();

    /** Writes one value. */
    void put(long key, V value);

    /** Writes many values in one batch. */
    void putAll(Map<Long, ? extends V> values);

    /**
     * The values of {@code keys} for a parameter-server step ({@link JobSpec#PARAM_SERVER}): what
     * {@link #getAll} returns. Under param-server, a pull in clock {@code c} sees every push of
     * every worker's clocks up to {@code c - 1 - staleness}, its own pushes up to {@code c - 1},
     * and possibly later ones; with staleness 0, exactly the pushes of clocks before {@code c}.
     */
    default Map<Long, V> pull(long[] keys) {
        return getAll(keys);
    }

    /**
     * Adds {@code deltas} to the stored values, on the nodes that own them (an entry processor;
     * never a read-modify-write from here), so concurrent pushes from several workers all count.
     * A key never written counts as zero. Values are {@code Double}, {@code double[]},
     * {@code int[]} or {@code long[]}; arrays add element by element and must have the stored
     * length. On a worker, pushes of a clock are buffered and land when the clock ends.
     *
     * @throws UnsupportedOperationException where the store cannot add (the coordinator's store)
     */
    default void push(Map<Long, ? extends V> deltas) {
        throw new UnsupportedOperationException("this parameter store takes no pushes");
    }
}

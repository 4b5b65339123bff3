package org.strads4j.apps.lasso;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.strads4j.api.ParamStore;

/**
 * Lasso coefficients as the parameter cache holds them: blocks of consecutive coefficients, one
 * cache entry per block (a {@code double[]}; absent blocks are zero).
 *
 * <p>The coordinator writes back only the blocks that hold a changed coefficient, whole, from its
 * mirror of the model. One entry per coefficient cost the write at the end of a job more than the
 * solves after the last evaluation: finefoods at 0.01 lambda_max changes 1,076 coefficients, which
 * as single entries took 10 ms on 1 node and 25 ms on 3 nodes with a backup, of a 70 to 120 ms
 * solve; as blocks of {@link #BLOCK} they are at most 48 entries.
 */
final class CoefficientBlocks {
    /** Coefficients per block (512 bytes of values) under the model-parallel and data-parallel schedules. */
    static final int BLOCK = 64;

    private CoefficientBlocks() {
    }

    /** The key of the block holding coefficient {@code j} (blocks from key 0). */
    static long key(int j) {
        return j / BLOCK;
    }

    /**
     * Writes the blocks holding {@code changed[0 .. count)}, each a copy of its part of {@code b}
     * (the store keeps the value it is given until it flushes).
     */
    static void write(ParamStore<double[]> store, double[] b, int[] changed, int count) {
        Map<Long, double[]> blocks = new HashMap<>();
        for (int i = 0; i < count; i++) {
            long key = key(changed[i]);
            if (!blocks.containsKey(key)) {
                int from = (int) key * BLOCK;
                blocks.put(key, Arrays.copyOfRange(b, from, Math.min(b.length, from + BLOCK)));
            }
        }
        store.putAll(blocks);
    }

    /**
     * The {@code p} coefficients from stored blocks of {@code block} coefficients whose keys start
     * at {@code firstKey} (absent blocks are zero).
     *
     * @throws IllegalStateException when an entry is not such a block: the cache holds another model
     */
    static double[] assemble(Map<Long, ?> entries, long firstKey, int block, int p) {
        double[] b = new double[p];
        int blocks = (p + block - 1) / block;
        for (Map.Entry<Long, ?> e : entries.entrySet()) {
            long k = e.getKey() - firstKey;
            int from = (int) Math.min(Integer.MAX_VALUE, Math.max(0, k) * block);
            int length = Math.min(block, p - from);
            if (k < 0 || k >= blocks || !(e.getValue() instanceof double[] values) || values.length != length) {
                throw new IllegalStateException("the parameter cache holds key " + e.getKey() + " ("
                        + describe(e.getValue()) + "), not a block of " + block + " coefficients of this model (p = "
                        + p + ")");
            }
            System.arraycopy(values, 0, b, from, length);
        }
        return b;
    }

    private static String describe(Object value) {
        return value instanceof double[] d ? "double[" + d.length + "]"
                : value == null ? "null" : value.getClass().getSimpleName();
    }
}

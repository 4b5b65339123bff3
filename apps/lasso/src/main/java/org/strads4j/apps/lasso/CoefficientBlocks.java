package org.strads4j.apps.lasso;

import java.util.HashMap;
import java.util.Map;
import org.strads4j.api.ParamStore;

/**
 * Lasso coefficients as the parameter cache holds them: blocks of consecutive coefficients, one
 * cache entry per block (a {@code double[]}; absent blocks are zero).
 *
 * <p>Under the model-parallel and data-parallel schedules the coordinator writes back only the
 * blocks that hold a changed coefficient, from its mirror of the model, each as its nonzero
 * coefficients alone: {@code {offset_0, value_0, offset_1, value_1, ...}}, offsets within the
 * block ascending, so an all-zero block is an empty array. One entry per coefficient cost the
 * write at the end of a job more than the solves after the last evaluation (finefoods at 0.01
 * lambda_max: 10 ms on 1 node, 25 ms on 3 nodes with a backup, of a 70 to 120 ms solve). What
 * the write costs is mostly per entry, in Ignite code that runs once per job and so is not
 * compiled yet: at p = 1 million (4,638 nonzero coefficients, 1 node) dense blocks of 64 took
 * 240 ms of a 1.3 s solve, sparse blocks of 1,024 97 ms, and of {@link #BLOCK} 24 ms. A write
 * during the solve encodes each changed block whole: at most 64 x {@link #BLOCK} values for a
 * scheduled round of 64 coordinates.
 *
 * <p>The param-server Lasso keeps dense blocks ({@link #assemble}): its workers add deltas into them.
 */
final class CoefficientBlocks {
    /** Coefficients per block under the model-parallel and data-parallel schedules. */
    static final int BLOCK = 8192;

    private CoefficientBlocks() {
    }

    /** The key of the block holding coefficient {@code j} (blocks from key 0). */
    static long key(int j) {
        return j / BLOCK;
    }

    /**
     * Writes the blocks holding {@code changed[0 .. count)}, each the nonzero coefficients of its
     * part of {@code b} as they are now (a new array: the store keeps what it is given until it
     * flushes).
     */
    static void write(ParamStore<double[]> store, double[] b, int[] changed, int count) {
        Map<Long, double[]> blocks = new HashMap<>();
        for (int i = 0; i < count; i++) {
            long key = key(changed[i]);
            if (!blocks.containsKey(key)) {
                blocks.put(key, sparse(b, (int) key * BLOCK, Math.min(b.length, ((int) key + 1) * BLOCK)));
            }
        }
        store.putAll(blocks);
    }

    /** {@code {offset, value}} pairs of the nonzero {@code b[from .. to)}, offsets from {@code from}. */
    private static double[] sparse(double[] b, int from, int to) {
        int nnz = 0;
        for (int j = from; j < to; j++) {
            if (b[j] != 0) {
                nnz++;
            }
        }
        double[] out = new double[2 * nnz];
        int k = 0;
        for (int j = from; j < to; j++) {
            if (b[j] != 0) {
                out[k++] = j - from;
                out[k++] = b[j];
            }
        }
        return out;
    }

    /**
     * The {@code p} coefficients from blocks {@link #write} stored (keys from 0; absent blocks are
     * zero).
     *
     * @throws IllegalStateException when an entry is not such a block: the cache holds another model
     */
    static double[] assembleSparse(Map<Long, ?> entries, int p) {
        double[] b = new double[p];
        int blocks = (p + BLOCK - 1) / BLOCK;
        for (Map.Entry<Long, ?> e : entries.entrySet()) {
            long k = e.getKey();
            String wrong = k < 0 || k >= blocks ? "beyond the model"
                    : e.getValue() instanceof double[] pairs ? checkPairs(pairs, Math.min(BLOCK, p - (int) k * BLOCK))
                    : "not a double[]";
            if (wrong != null) {
                throw refused(e, wrong, BLOCK, p);
            }
            double[] pairs = (double[]) e.getValue();
            int from = (int) k * BLOCK;
            for (int i = 0; i < pairs.length; i += 2) {
                b[from + (int) pairs[i]] = pairs[i + 1];
            }
        }
        return b;
    }

    /** Why {@code pairs} is not a sparse block of {@code length} coefficients, or null when it is one. */
    private static String checkPairs(double[] pairs, int length) {
        if (pairs.length % 2 != 0) {
            return "an odd length";
        }
        double last = -1;
        for (int i = 0; i < pairs.length; i += 2) {
            double o = pairs[i];
            if (!(o > last) || o >= length || o != Math.rint(o)) {
                return "offset " + o + " at " + i + " is not an ascending offset below " + length;
            }
            last = o;
        }
        return null;
    }

    /**
     * The {@code p} coefficients from stored dense blocks of {@code block} coefficients whose keys
     * start at {@code firstKey} (absent blocks are zero), as the param-server Lasso stores them.
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
                throw refused(e, null, block, p);
            }
            System.arraycopy(values, 0, b, from, length);
        }
        return b;
    }

    /** The refusal of {@code entry} (why it is wrong, when known): the cache holds another model. */
    private static IllegalStateException refused(Map.Entry<Long, ?> entry, String why, int block, int p) {
        return new IllegalStateException("the parameter cache holds key " + entry.getKey() + " ("
                + describe(entry.getValue()) + (why == null ? "" : ": " + why) + "), not a block of " + block
                + " coefficients of this model (p = " + p + ")");
    }

    private static String describe(Object value) {
        return value instanceof double[] d ? "double[" + d.length + "]"
                : value == null ? "null" : value.getClass().getSimpleName();
    }
}

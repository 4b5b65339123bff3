package org.strads4j.api;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The one batch carrier of the API: block keys with a fixed number of values per key, in flat
 * primitive arrays (the ps-lite KV layout).
 *
 * <p>Value {@code v} of key number {@code i} is {@code values()[i * width() + v]}. A batch is
 * treated as immutable once handed over: a plugin must not change the arrays of a batch it
 * received or returned. Batches travel between Ignite nodes, so keep them flat.
 *
 * <pre>{@code
 * Batch b = Batch.of(new long[] {3, 7}, new double[] {0.5, 1.0, -2.0, 4.0}, 2);
 * b.value(1, 0);  // -2.0: first value of key 7
 * }</pre>
 */
public final class Batch implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Batch EMPTY = new Batch(new long[0], new double[0], 0);

    private final long[] keys;
    private final double[] values;
    private final int width;

    private Batch(long[] keys, double[] values, int width) {
        this.keys = keys;
        this.values = values;
        this.width = width;
    }

    /** A batch of keys carrying {@code width} values each; the arrays are taken, not copied. */
    public static Batch of(long[] keys, double[] values, int width) {
        if (width < 0) {
            throw new IllegalArgumentException("Invalid width: " + width);
        }
        if ((long) keys.length * width != values.length) {
            throw new IllegalArgumentException("values.length " + values.length + " != keys.length "
                    + keys.length + " * width " + width);
        }
        return new Batch(keys, values, width);
    }

    /** A batch of keys with no values (a block list). */
    public static Batch keys(long... keys) {
        return new Batch(keys, new double[0], 0);
    }

    /** The empty batch. */
    public static Batch empty() {
        return EMPTY;
    }

    /** Number of keys. */
    public int size() {
        return keys.length;
    }

    /** True when the batch holds no key. */
    public boolean isEmpty() {
        return keys.length == 0;
    }

    /** Values per key. */
    public int width() {
        return width;
    }

    /** The key at position {@code i}. */
    public long key(int i) {
        return keys[i];
    }

    /** Value {@code v} of the key at position {@code i}. */
    public double value(int i, int v) {
        return values[i * width + v];
    }

    /** The key array itself (read only, by contract). */
    public long[] keys() {
        return keys;
    }

    /** The flat value array itself (read only, by contract). */
    public double[] values() {
        return values;
    }

    @Override
    public String toString() {
        return "Batch[size=" + keys.length + ", width=" + width + ", keys="
                + Arrays.toString(keys.length > 8 ? Arrays.copyOf(keys, 8) : keys)
                + (keys.length > 8 ? "..." : "") + "]";
    }
}

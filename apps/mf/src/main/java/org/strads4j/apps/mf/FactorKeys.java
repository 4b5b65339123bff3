package org.strads4j.apps.mf;

/**
 * Packs the MF block and parameter keys into longs.
 * <ul>
 *   <li>A <em>column key</em> names one factor column: side ({@link #W} or {@link #H}) and feature
 *       {@code t}: {@code t << 1 | side}. It keys the parameter store (value: the whole column,
 *       a {@code double[]} of length users or items) and the commits.</li>
 *   <li>A <em>block key</em> names the part of a column one worker updates in a round: a column key
 *       plus the worker's block {@code b}: {@code b << 40 | columnKey}.</li>
 * </ul>
 * <pre>{@code
 * long k = FactorKeys.block(FactorKeys.H, 3, 2);   // v_3 on column block 2
 * FactorKeys.side(k);     // H
 * FactorKeys.feature(k);  // 3
 * FactorKeys.block(k);    // 2
 * }</pre>
 */
public final class FactorKeys {
    /** The user side (rows of W). */
    public static final int W = 0;
    /** The item side (rows of H). */
    public static final int H = 1;

    private static final int BLOCK_SHIFT = 40;
    private static final long COLUMN_MASK = (1L << BLOCK_SHIFT) - 1;

    private FactorKeys() {
    }

    /** The key of feature {@code t} of {@code side}. */
    public static long column(int side, int t) {
        if ((side != W && side != H) || t < 0) {
            throw new IllegalArgumentException("Invalid factor column: side " + side + ", feature " + t);
        }
        return ((long) t << 1) | side;
    }

    /** The key of block {@code b} of feature {@code t} of {@code side}. */
    public static long block(int side, int t, int b) {
        if (b < 0 || b >= (1 << 20)) {
            throw new IllegalArgumentException("Invalid block: " + b);
        }
        return ((long) b << BLOCK_SHIFT) | column(side, t);
    }

    /** The side of a column or block key. */
    public static int side(long key) {
        return (int) (key & 1);
    }

    /** The feature of a column or block key. */
    public static int feature(long key) {
        return (int) ((key & COLUMN_MASK) >>> 1);
    }

    /** The block of a block key (0 for a column key). */
    public static int block(long key) {
        return (int) (key >>> BLOCK_SHIFT);
    }

    /** The column key of a block key. */
    public static long columnOf(long key) {
        return key & COLUMN_MASK;
    }
}

package org.strads4j.schedule;

import java.util.SplittableRandom;

/**
 * Non-negative weights over {@code 0..size-1} in a flat binary sum tree: O(log n) update and
 * O(log n) sampling proportional to weight. Leaves live at {@code tree[cap + i]}, internal node
 * {@code k} holds {@code tree[2k] + tree[2k+1]}.
 */
public final class SumTree implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final int size;
    private final int cap;
    private final double[] tree;

    /** All weights zero. */
    public SumTree(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("Invalid size: " + size);
        }
        this.size = size;
        int c = 1;
        while (c < size) {
            c <<= 1;
        }
        this.cap = c;
        this.tree = new double[2 * c];
    }

    public int size() {
        return size;
    }

    /** The weight of {@code i}. */
    public double get(int i) {
        return tree[cap + i];
    }

    /** Sets the weight of {@code i} (must be finite and >= 0). */
    public void set(int i, double w) {
        if (!(w >= 0) || Double.isInfinite(w)) {
            throw new IllegalArgumentException("Invalid weight for " + i + ": " + w);
        }
        int k = cap + i;
        tree[k] = w;
        for (k >>= 1; k >= 1; k >>= 1) {
            tree[k] = tree[2 * k] + tree[2 * k + 1];
        }
    }

    /** Sets every weight at once in O(n). */
    public void fill(double w) {
        for (int i = 0; i < cap; i++) {
            tree[cap + i] = i < size ? w : 0.0;
        }
        sumInner();
    }

    /**
     * Sets the weight of every index in {@code indices} to 0: one at a time while they are few,
     * else all leaves first and every inner sum once, in O(n) (a Lasso screening drops most of a
     * million coordinates at once). Either way each inner node ends as the sum of its children.
     */
    public void zero(int[] indices) {
        for (int i : indices) {
            if (i < 0 || i >= size) {
                throw new IllegalArgumentException("no index " + i + " in a tree of " + size);
            }
        }
        if ((long) indices.length * Integer.numberOfTrailingZeros(cap) < cap) {
            for (int i : indices) {
                set(i, 0.0);
            }
            return;
        }
        for (int i : indices) {
            tree[cap + i] = 0.0;
        }
        sumInner();
    }

    /** Recomputes every inner node as the sum of its children, from the leaves up, in O(n). */
    private void sumInner() {
        for (int k = cap - 1; k >= 1; k--) {
            tree[k] = tree[2 * k] + tree[2 * k + 1];
        }
    }

    /** Sets weight {@code i} to {@code base[i] + add} for every {@code i}, in O(n). */
    public void setAll(double[] base, double add) {
        setAll(base, add, null);
    }

    /** As {@link #setAll(double[], double)}, with weight 0 where {@code zero} (if not null) is true. */
    public void setAll(double[] base, double add, boolean[] zero) {
        for (int i = 0; i < cap; i++) {
            tree[cap + i] = i < size && (zero == null || !zero[i]) ? base[i] + add : 0.0;
        }
        sumInner();
    }

    /** The sum of all weights. */
    public double total() {
        return tree[1];
    }

    /**
     * An index drawn with probability weight / total; -1 when the total is zero. The descent
     * only ever enters a child of positive weight, so rounding can never return a zero leaf.
     */
    public int sample(SplittableRandom rnd) {
        if (!(tree[1] > 0)) {
            return -1;
        }
        double u = rnd.nextDouble() * tree[1];
        int k = 1;
        while (k < cap) {
            double left = tree[2 * k];
            if (u < left || !(tree[2 * k + 1] > 0)) {
                k = 2 * k;
            } else {
                u -= left;
                k = 2 * k + 1;
            }
        }
        return k - cap;
    }
}

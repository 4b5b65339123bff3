package org.strads4j.engine;

import java.util.Arrays;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/**
 * Additive parameter updates (the pushes of {@link org.strads4j.api.ParamStore#push}): adding two
 * values of the same kind, and the entry processor that adds a delta to a cache entry on the node
 * that owns it.
 */
final class Deltas {
    private Deltas() {
    }

    /**
     * {@code base + delta}: a new object (neither argument changes); {@code base == null} counts as
     * zero, so the result is a copy of {@code delta}.
     *
     * @throws IllegalArgumentException for another kind of value, or arrays of different lengths
     */
    static Object add(Object base, Object delta) {
        if (delta instanceof Double d) {
            return base == null ? d : (Double) kind(base, Double.class, delta) + d;
        }
        if (delta instanceof double[] d) {
            if (base == null) {
                return d.clone();
            }
            double[] out = ((double[]) kind(base, double[].class, delta)).clone();
            sameLength(out.length, d.length);
            for (int i = 0; i < d.length; i++) {
                out[i] += d[i];
            }
            return out;
        }
        if (delta instanceof int[] d) {
            if (base == null) {
                return d.clone();
            }
            int[] out = ((int[]) kind(base, int[].class, delta)).clone();
            sameLength(out.length, d.length);
            for (int i = 0; i < d.length; i++) {
                out[i] += d[i];
            }
            return out;
        }
        if (delta instanceof long[] d) {
            if (base == null) {
                return d.clone();
            }
            long[] out = ((long[]) kind(base, long[].class, delta)).clone();
            sameLength(out.length, d.length);
            for (int i = 0; i < d.length; i++) {
                out[i] += d[i];
            }
            return out;
        }
        throw new IllegalArgumentException("cannot push a " + (delta == null ? "null" : delta.getClass().getSimpleName())
                + ": pushes add Double, double[], int[] or long[] values");
    }

    private static Object kind(Object base, Class<?> type, Object delta) {
        if (!type.isInstance(base)) {
            throw new IllegalArgumentException("cannot add a " + delta.getClass().getSimpleName() + " delta to a stored "
                    + base.getClass().getSimpleName());
        }
        return base;
    }

    private static void sameLength(int stored, int delta) {
        if (stored != delta) {
            throw new IllegalArgumentException("a delta of length " + delta + " for a stored value of length " + stored);
        }
    }

    /** Adds its delta to the entry, on the entry's primary node. */
    static final class Add implements EntryProcessor<Long, Object, Void>, java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final Object delta;

        Add(Object delta) {
            this.delta = delta;
        }

        @Override
        public Void process(MutableEntry<Long, Object> entry, Object... args) {
            entry.setValue(add(entry.getValue(), delta));
            return null;
        }

        @Override
        public String toString() {
            return "Add[" + (delta instanceof double[] d ? Arrays.toString(d) : delta) + "]";
        }
    }
}

package org.strads4j.api;

import java.util.SplittableRandom;

/**
 * Random orders for the sweeps of update plugins: a uniformly random permutation drawn from a seed
 * alone (for example {@link WorkerContext#roundSeed()}), so a resumed job sweeps in the same order.
 */
public final class Permutation {
    private Permutation() {
    }

    /** A uniformly random permutation of {@code 0 .. n-1} (Fisher-Yates) from {@code seed}. */
    public static int[] of(int n, long seed) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int k = random.nextInt(i + 1);
            int t = o[i];
            o[i] = o[k];
            o[k] = t;
        }
        return o;
    }
}

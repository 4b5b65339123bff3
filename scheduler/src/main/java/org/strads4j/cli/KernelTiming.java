package org.strads4j.cli;

import java.util.Arrays;

/**
 * What the apps' kernel benchmarks ({@code strads bench kernels}, {@code strads bench mf-kernels})
 * share: the median time of a kernel over repeated runs after a warm-up, and the largest relative
 * difference of a kernel's result from the reference kernel's.
 */
public final class KernelTiming {
    /** Untimed runs before the timed ones (the JIT compiles the loops, caches fill). */
    public static final int WARM_UP = 3;

    private KernelTiming() {
    }

    /** The median of {@code repeat} timed runs of {@code r}, in ms, after {@link #WARM_UP} untimed ones. */
    public static double medianMillis(int repeat, Runnable r) {
        if (repeat < 1) {
            throw new IllegalArgumentException("repeat must be at least 1, got " + repeat);
        }
        for (int i = 0; i < WARM_UP; i++) {
            r.run();
        }
        double[] t = new double[repeat];
        for (int i = 0; i < repeat; i++) {
            long t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return t[repeat / 2];
    }

    /** {@code max |a - b| / max(max |a|, tiny)}: the reference is {@code a}. */
    public static double relDiff(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("lengths differ: " + a.length + " and " + b.length);
        }
        double scale = 1e-300;
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            scale = Math.max(scale, Math.abs(a[i]));
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d / scale;
    }
}

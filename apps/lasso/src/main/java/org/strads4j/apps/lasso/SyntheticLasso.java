package org.strads4j.apps.lasso;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A seeded synthetic Lasso problem in the STRADS papers' style, for tests and benchmarks at large p:
 * each row has {@code k = p * density} nonzeros at distinct random columns, standard normal;
 * {@code s} true coefficients of magnitude 1 to 2 with random signs; {@code y = X beta + noise},
 * the noise scaled for a signal-to-noise ratio of 5. Written as LIBSVM text with six significant
 * digits, so that every solver reads exactly the same numbers. The same arguments give the same
 * bytes on every machine.
 */
public final class SyntheticLasso {
    private SyntheticLasso() {
    }

    /**
     * Writes the problem to {@code file} (which must not exist: nothing is overwritten).
     *
     * @return the number of nonzeros written
     */
    public static long write(Path file, int n, int p, int s, double density, long seed) throws IOException {
        if (n < 1 || p < 1 || s < 0 || s > p || !(density > 0 && density <= 1)) {
            throw new IllegalArgumentException("invalid synthetic problem n=" + n + " p=" + p + " s=" + s
                    + " density=" + density);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] beta = new double[p];
        int[] perm = new int[p];
        for (int j = 0; j < p; j++) {
            perm[j] = j;
        }
        for (int i = 0; i < s; i++) {
            int k = i + rnd.nextInt(p - i);
            int t = perm[i];
            perm[i] = perm[k];
            perm[k] = t;
            beta[perm[i]] = (rnd.nextBoolean() ? 1 : -1) * (1 + rnd.nextDouble());
        }
        int k = Math.max(1, (int) Math.round(p * density));
        int[][] cols = new int[n][];
        double[][] vals = new double[n][];
        double[] signal = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            int[] c = distinct(rnd, p, k);
            double[] v = new double[k];
            double dot = 0;
            for (int e = 0; e < k; e++) {
                v[e] = Double.parseDouble(six(rnd.nextGaussian()));
                dot += v[e] * beta[c[e]];
            }
            cols[i] = c;
            vals[i] = v;
            signal[i] = dot;
            mean += dot / n;
        }
        double var = 0;
        for (double d : signal) {
            var += (d - mean) * (d - mean) / n;
        }
        double sigma = Math.sqrt(var / 5.0);
        long nnz = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, java.nio.file.StandardOpenOption.CREATE_NEW)) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < n; i++) {
                line.setLength(0);
                line.append(six(signal[i] + sigma * rnd.nextGaussian()));
                for (int e = 0; e < k; e++) {
                    line.append(' ').append(cols[i][e] + 1).append(':').append(six(vals[i][e]));
                }
                line.append('\n');
                w.write(line.toString());
                nnz += k;
            }
        }
        return nnz;
    }

    private static String six(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** {@code k} distinct columns of {@code 0..p-1}, sorted. */
    private static int[] distinct(SplittableRandom rnd, int p, int k) {
        int[] c = new int[k];
        int filled = 0;
        while (filled < k) {
            int j = rnd.nextInt(p);
            boolean seen = false;
            for (int e = 0; e < filled; e++) {
                if (c[e] == j) {
                    seen = true;
                    break;
                }
            }
            if (!seen) {
                c[filled++] = j;
            }
        }
        Arrays.sort(c);
        return c;
    }
}

package org.strads4j.apps.mf;

import java.util.SplittableRandom;

/**
 * A seeded synthetic low-rank ratings set: the bundled, redistributable data of
 * {@code strads run mf} without {@code --train}, and the exact-recovery data of the tests.
 *
 * <p>User factors {@code w_i} and item factors {@code h_j} are drawn N(0, 1); each rating is
 * {@code offset + w_i . h_j / sqrt(rank) + noise * N(0, 1)} for a random {@code density}
 * share of the (user, item) pairs, every user and item getting at least {@code rank + 1} ratings
 * so that the factors are identifiable. Ids count from 1. The same arguments always give the
 * same ratings.
 *
 * @param users   number of users
 * @param items   number of items
 * @param rank    true rank
 * @param density share of pairs rated (0..1]
 * @param offset  added to every rating (with {@code offset != 0} the matrix has rank {@code rank + 1})
 * @param noise   standard deviation of the added Gaussian noise (0 = exactly low rank)
 * @param seed    generator seed
 */
public record SyntheticRatings(int users, int items, int rank, double density, double offset, double noise, long seed) {

    /** The bundled demo set: 1,000 users x 2,000 items, rank 10, 5% rated, ratings about 3 +- 1, noise 0.5, seed 1. */
    public static SyntheticRatings bundled() {
        return new SyntheticRatings(1000, 2000, 10, 0.05, 3.0, 0.5, 1L);
    }

    public SyntheticRatings {
        if (users < 1 || items < 1 || rank < 1 || !(density > 0 && density <= 1) || !(noise >= 0)
                || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("Invalid synthetic ratings: " + users + " x " + items + ", rank "
                    + rank + ", density " + density + ", noise " + noise);
        }
    }

    /** Where the ratings came from, for provenance. */
    public String describe() {
        return "synthetic low-rank (SyntheticRatings users=" + users + " items=" + items + " rank=" + rank
                + " density=" + density + " offset=" + offset + " noise=" + noise + " seed=" + seed + ")";
    }

    /**
     * Generates the ratings and splits them: every rating goes to the test set with probability
     * {@code testShare}, except the first {@code rank + 1} of each user, which stay in training.
     *
     * @return {train, test}
     */
    public Ratings[] generate(double testShare) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] w = gaussians(rnd, users * rank);
        double[] h = gaussians(rnd, items * rank);
        double scale = 1.0 / Math.sqrt(rank);
        int minPerUser = Math.min(items, rank + 1);
        int cap = (int) Math.min(Integer.MAX_VALUE - 8, (long) (users * (double) items * density * 1.2) + (long) users * minPerUser + items);
        int[] tu = new int[cap];
        int[] ti = new int[cap];
        double[] tv = new double[cap];
        int[] su = new int[cap];
        int[] si = new int[cap];
        double[] sv = new double[cap];
        int nTrain = 0;
        int nTest = 0;
        boolean[] itemSeen = new boolean[items];
        for (int i = 0; i < users; i++) {
            // coverage: each user rates a window of minPerUser items, each item is rated by user j % users
            int start = (int) ((long) i * minPerUser % items);
            for (int j = 0; j < items; j++) {
                boolean forced = (j - start + items) % items < minPerUser;
                boolean itemForced = !itemSeen[j] && i == (j % users);
                if (!forced && !itemForced && rnd.nextDouble() >= density) {
                    continue;
                }
                double dot = 0;
                for (int t = 0; t < rank; t++) {
                    dot += w[i * rank + t] * h[j * rank + t];
                }
                double value = offset + scale * dot + (noise > 0 ? noise * gaussian(rnd) : 0);
                boolean toTest = !forced && !itemForced && rnd.nextDouble() < testShare;
                if (toTest) {
                    su[nTest] = i + 1;
                    si[nTest] = j + 1;
                    sv[nTest++] = value;
                } else {
                    tu[nTrain] = i + 1;
                    ti[nTrain] = j + 1;
                    tv[nTrain++] = value;
                    itemSeen[j] = true;
                }
                if (nTrain == cap || nTest == cap) {
                    throw new IllegalStateException("synthetic ratings overflow: lower the density");
                }
            }
        }
        String src = describe();
        return new Ratings[] {new Ratings(tu, ti, tv, src + " train").head(nTrain),
                new Ratings(su, si, sv, src + " test").head(nTest)};
    }

    private static double[] gaussians(SplittableRandom rnd, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = gaussian(rnd);
        }
        return out;
    }

    /** A standard normal draw (Box-Muller, one of the pair). */
    static double gaussian(SplittableRandom rnd) {
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
    }
}

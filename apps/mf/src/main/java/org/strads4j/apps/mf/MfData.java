package org.strads4j.apps.mf;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.strads4j.api.BadInputException;

/**
 * A ratings problem in dense indices, planned for the workers: the ids of the training ratings
 * are mapped to {@code 0..users-1} and {@code 0..items-1} in ascending id order, the training
 * ratings are sorted into CSR (by user) and CSC (by item) order, and users and items are cut into
 * contiguous blocks of about equal rating counts, one per worker.
 *
 * <p>A test rating whose user or item has no training rating cannot be predicted from the model
 * (its factors never move from their start): it is left out of the test set and counted
 * ({@link #unseenTestRatings()}, with how many of them name an unseen user and an unseen item).
 *
 * <p>Nothing here depends on the number of workers except the block boundaries, so the per-user
 * and per-item sums of CCD++ run in the same order on any node count.
 */
public final class MfData {
    private final int[] userIds;
    private final int[] itemIds;
    private final int[] rowPtr;
    private final int[] rowItem;
    private final double[] rowValue;
    private final int[] colPtr;
    private final int[] colUser;
    private final double[] colValue;
    private final int[] testUser;
    private final int[] testItem;
    private final double[] testValue;
    private final int unseenTestRatings;
    private final int unseenTestUsers;
    private final int unseenTestItems;

    private MfData(Ratings train, Ratings test) {
        userIds = uniqueSorted(train.users());
        itemIds = uniqueSorted(train.items());
        int n = train.size();
        int[] u = index(userIds, train.users());
        int[] it = index(itemIds, train.items());
        // CSR with items ascending within a row: counting sort by item, then stable by user
        int[] byItem = countingOrder(it, identity(n), itemIds.length);
        int[] byUser = countingOrder(u, byItem, userIds.length);
        rowPtr = pointers(u, userIds.length);
        rowItem = new int[n];
        rowValue = new double[n];
        for (int k = 0; k < n; k++) {
            rowItem[k] = it[byUser[k]];
            rowValue[k] = train.values()[byUser[k]];
        }
        // CSC with users ascending within a column: stable by item over the CSR order
        int[] byCol = countingOrder(it, byUser, itemIds.length);
        colPtr = pointers(it, itemIds.length);
        colUser = new int[n];
        colValue = new double[n];
        for (int k = 0; k < n; k++) {
            colUser[k] = u[byCol[k]];
            colValue[k] = train.values()[byCol[k]];
        }
        if (test == null) {
            testUser = new int[0];
            testItem = new int[0];
            testValue = new double[0];
            unseenTestRatings = 0;
            unseenTestUsers = 0;
            unseenTestItems = 0;
        } else {
            int[] tu = index(userIds, test.users());
            int[] ti = index(itemIds, test.items());
            int[] kept = new int[tu.length];
            int m = 0;
            int unseenUsers = 0;
            int unseenItems = 0;
            for (int k = 0; k < tu.length; k++) {
                if (tu[k] < 0) {
                    unseenUsers++;
                }
                if (ti[k] < 0) {
                    unseenItems++;
                }
                if (tu[k] >= 0 && ti[k] >= 0) {
                    kept[m++] = k;
                }
            }
            unseenTestRatings = tu.length - m;
            unseenTestUsers = unseenUsers;
            unseenTestItems = unseenItems;
            int[] order = countingOrder(tu, Arrays.copyOf(kept, m), userIds.length);
            testUser = new int[m];
            testItem = new int[m];
            testValue = new double[m];
            for (int k = 0; k < m; k++) {
                testUser[k] = tu[order[k]];
                testItem[k] = ti[order[k]];
                testValue[k] = test.values()[order[k]];
            }
        }
    }

    /** Indexes {@code train} (required) and {@code test} (may be null). */
    public static MfData of(Ratings train, Ratings test) {
        if (train.size() == 0) {
            throw new BadInputException("no training ratings in " + train.source());
        }
        return new MfData(train, test);
    }

    public int users() {
        return userIds.length;
    }

    public int items() {
        return itemIds.length;
    }

    public int trainSize() {
        return rowItem.length;
    }

    /** Test ratings kept: both their user and their item have training ratings. */
    public int testSize() {
        return testUser.length;
    }

    /** Test ratings left out because their user or item has no training rating. */
    public int unseenTestRatings() {
        return unseenTestRatings;
    }

    /** Test ratings whose user has no training rating (some may also have an unseen item). */
    public int unseenTestUsers() {
        return unseenTestUsers;
    }

    /** Test ratings whose item has no training rating (some may also have an unseen user). */
    public int unseenTestItems() {
        return unseenTestItems;
    }

    /** The original id of each user index, ascending. */
    public int[] userIds() {
        return userIds;
    }

    /** The original id of each item index, ascending. */
    public int[] itemIds() {
        return itemIds;
    }

    /** Training ratings of user {@code i}. */
    public int userCount(int i) {
        return rowPtr[i + 1] - rowPtr[i];
    }

    /** Training ratings of item {@code j}. */
    public int itemCount(int j) {
        return colPtr[j + 1] - colPtr[j];
    }

    /**
     * The initial item factors, feature-major ({@code [t * items + j]}): N(0, 0.1^2) from
     * {@code seed}, drawn in item order, so the same for any node count (as in the ALS reference,
     * where {@code V ~ N(0, 0.1^2)} and the user side is solved first from {@code W = 0}).
     */
    public double[] initialItemFactors(int rank, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] h = new double[rank * items()];
        for (int j = 0; j < items(); j++) {
            for (int t = 0; t < rank; t++) {
                h[t * items() + j] = 0.1 * SyntheticRatings.gaussian(rnd);
            }
        }
        return h;
    }

    /**
     * Cuts {@code 0..ptr.length-2} into {@code parts} contiguous blocks of about equal entry counts.
     *
     * @return block boundaries, length {@code parts + 1}, first 0 and last the count
     */
    static int[] balancedBlocks(int[] ptr, int parts) {
        int n = ptr.length - 1;
        long total = ptr[n];
        int[] bounds = new int[parts + 1];
        int at = 0;
        for (int p = 1; p < parts; p++) {
            long target = total * p / parts;
            while (at < n && ptr[at] < target) {
                at++;
            }
            bounds[p] = Math.max(at, bounds[p - 1]);
        }
        bounds[parts] = n;
        return bounds;
    }

    /** The most training ratings one of {@code workers} shards holds: its row block's and its column block's. */
    long largestShardRatings(int workers) {
        int[] ub = balancedBlocks(rowPtr, workers);
        int[] ib = balancedBlocks(colPtr, workers);
        long largest = 0;
        for (int w = 0; w < workers; w++) {
            long n = (long) rowPtr[ub[w + 1]] - rowPtr[ub[w]] + colPtr[ib[w + 1]] - colPtr[ib[w]];
            largest = Math.max(largest, n);
        }
        return largest;
    }

    /** The shards of {@code workers} workers, with {@code h0} the initial item factors. */
    public MfShard[] shards(int workers, double[] h0) {
        int[] ub = balancedBlocks(rowPtr, workers);
        int[] ib = balancedBlocks(colPtr, workers);
        MfShard[] out = new MfShard[workers];
        for (int w = 0; w < workers; w++) {
            int u0 = ub[w];
            int u1 = ub[w + 1];
            int i0 = ib[w];
            int i1 = ib[w + 1];
            int t0 = lowerBound(testUser, u0);
            int t1 = lowerBound(testUser, u1);
            out[w] = new MfShard(users(), items(),
                    u0, u1, rebase(rowPtr, u0, u1), Arrays.copyOfRange(rowItem, rowPtr[u0], rowPtr[u1]),
                    Arrays.copyOfRange(rowValue, rowPtr[u0], rowPtr[u1]),
                    i0, i1, rebase(colPtr, i0, i1), Arrays.copyOfRange(colUser, colPtr[i0], colPtr[i1]),
                    Arrays.copyOfRange(colValue, colPtr[i0], colPtr[i1]),
                    Arrays.copyOfRange(testUser, t0, t1), Arrays.copyOfRange(testItem, t0, t1),
                    Arrays.copyOfRange(testValue, t0, t1), h0);
        }
        return out;
    }

    private static int[] rebase(int[] ptr, int from, int to) {
        int[] out = new int[to - from + 1];
        for (int i = from; i <= to; i++) {
            out[i - from] = ptr[i] - ptr[from];
        }
        return out;
    }

    private static int lowerBound(int[] sorted, int key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int[] uniqueSorted(int[] ids) {
        int[] all = ids.clone();
        Arrays.sort(all);
        int m = 0;
        for (int k = 0; k < all.length; k++) {
            if (k == 0 || all[k] != all[k - 1]) {
                all[m++] = all[k];
            }
        }
        return Arrays.copyOf(all, m);
    }

    /** The index of each raw id in the sorted {@code ids}; negative for an id not there. */
    private static int[] index(int[] ids, int[] raw) {
        int[] out = new int[raw.length];
        for (int k = 0; k < raw.length; k++) {
            out[k] = Arrays.binarySearch(ids, raw[k]);
        }
        return out;
    }

    private static int[] identity(int n) {
        int[] out = new int[n];
        for (int k = 0; k < n; k++) {
            out[k] = k;
        }
        return out;
    }

    /** {@code order} stably re-sorted by {@code key[order[k]]} in {@code 0..range-1}. */
    private static int[] countingOrder(int[] key, int[] order, int range) {
        int[] start = new int[range + 1];
        for (int k : order) {
            start[key[k] + 1]++;
        }
        for (int r = 0; r < range; r++) {
            start[r + 1] += start[r];
        }
        int[] out = new int[order.length];
        for (int k : order) {
            out[start[key[k]]++] = k;
        }
        return out;
    }

    private static int[] pointers(int[] key, int range) {
        int[] ptr = new int[range + 1];
        for (int k : key) {
            ptr[k + 1]++;
        }
        for (int r = 0; r < range; r++) {
            ptr[r + 1] += ptr[r];
        }
        return ptr;
    }
}

package org.strads4j.schedule;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.strads4j.api.Assignment;
import org.strads4j.api.Batch;
import org.strads4j.api.BadInputException;
import org.strads4j.api.ScheduleContext;

/**
 * The coordinate schedules of STRADS Lasso (Lee et al., NIPS 2014, section 3): each round picks up
 * to {@code blockSize} coordinates out of {@code candidates} drawn by an {@link Order}, keeping only
 * those that pass the {@link InterferenceFilter} (interfering coordinates are dropped or grouped
 * for a joint update); every worker gets the same coordinates.
 *
 * <ul>
 *   <li>{@link Order#PRIORITY}: candidates drawn without replacement with probability proportional
 *       to {@code (delta b_j)^2 + eta}, where {@code delta b_j} is the coordinate's last change
 *       (fed back by {@link #observe(Batch)}, value 0 of each commit entry) and {@code eta} is a
 *       fraction of the mean priority, so that every coordinate keeps a chance;</li>
 *   <li>{@link Order#ROUND_ROBIN}: coordinates in cyclic order; a round ends at the first coordinate
 *       that conflicts, which opens the next round;</li>
 *   <li>{@link Order#RANDOM}: candidates drawn uniformly without replacement.</li>
 * </ul>
 * Coordinates of rounds still in flight (staleness above 0) are never picked again.
 *
 * <p>Not a plugin itself but the scheduling state an app's {@link org.strads4j.api.SchedulePlugin}
 * keeps in its job's coordinator state: serialisable, so it travels with the coordinator.
 */
public final class CoordinateSchedule implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** How candidates are ordered. */
    public enum Order {
        PRIORITY, ROUND_ROBIN, RANDOM;

        /** Parses {@code priority}, {@code round-robin} or {@code random}. */
        public static Order parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "priority" -> PRIORITY;
                case "round-robin", "roundrobin", "cyclic" -> ROUND_ROBIN;
                case "random", "uniform" -> RANDOM;
                default -> throw new BadInputException("Invalid --scheduler: " + s
                        + " (expected priority, round-robin or random)");
            };
        }

        /** The command-line name. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Order order;
    private final int coordinates;
    private final int blockSize;
    private final int candidates;
    private final double etaFraction;

    private final SumTree priorities;
    private final double[] deltaSq;
    private double deltaSqSum;
    private double sumAtRebuild;
    private int cursor;
    private final int[] drawn;
    private final InterferenceFilter.GroupedRound round;
    private final boolean[] excluded;
    /** Coordinates drawn this round while in flight: their weights are restored after the draw. */
    private int[] excludedDrawn = new int[16];
    private int excludedDrawnCount;
    /** The lazily built permutation of the uniform draw. */
    private int[] perm;
    /** Coordinates dropped for good ({@link #drop}): known to stay where they are. */
    private final boolean[] dropped;

    /** A group asked for by {@link #scheduleJointly}, planned as the next round. */
    private int[] jointly;

    /**
     * @param order       how candidates are drawn
     * @param coordinates number of coordinates (blocks) {@code 0..coordinates-1}
     * @param blockSize   the most coordinates per round (U)
     * @param candidates  candidates examined per round (U' >= U)
     * @param etaFraction eta as a fraction of the mean priority (priority order only), > 0
     * @param filter      the dependency check
     */
    public CoordinateSchedule(Order order, int coordinates, int blockSize, int candidates, double etaFraction,
                              InterferenceFilter filter) {
        if (coordinates < 1) {
            throw new IllegalArgumentException("Invalid coordinates: " + coordinates);
        }
        if (blockSize < 1) {
            throw new BadInputException("Invalid --block-size: " + blockSize + " (must be at least 1)");
        }
        if (candidates < blockSize) {
            throw new BadInputException("Invalid --candidates: " + candidates + " (must be >= --block-size "
                    + blockSize + ")");
        }
        if (!(etaFraction > 0) || Double.isInfinite(etaFraction)) {
            throw new BadInputException("Invalid --eta: " + etaFraction + " (must be > 0)");
        }
        this.order = order;
        this.coordinates = coordinates;
        this.blockSize = Math.min(blockSize, coordinates);
        this.candidates = Math.min(candidates, coordinates);
        this.etaFraction = etaFraction;
        this.priorities = new SumTree(coordinates);
        this.deltaSq = new double[coordinates];
        this.drawn = new int[this.candidates];
        this.round = filter.newRound(this.blockSize, coordinates);
        this.excluded = new boolean[coordinates];
        this.dropped = new boolean[coordinates];
        // Before any change is known every coordinate is equally urgent.
        java.util.Arrays.fill(deltaSq, 1.0);
        rebuild();
    }

    public Order order() {
        return order;
    }

    /**
     * The next round: the accepted coordinates as keys, each with its group id as value 0 (keys
     * of a group are contiguous, groups in order of creation).
     */
    /** The next round's coordinates, the same for every worker; empty when nothing is left. */
    public Assignment next(ScheduleContext ctx) {
        List<Assignment> inFlight = ctx.inFlight();
        markInFlight(inFlight, true);
        if (jointly != null) {
            Assignment joint = jointRound();
            jointly = null;
            if (joint != null) {
                markInFlight(inFlight, false);
                return joint;
            }
        }
        round.clear();
        switch (order) {
            case PRIORITY -> offer(drawPriority(ctx.random()));
            case RANDOM -> offer(drawUniform(ctx.random()));
            case ROUND_ROBIN -> roundRobin();
        }
        markInFlight(inFlight, false);
        return Assignment.shared(toBatch(round));
    }

    /**
     * Asks for the next round to update {@code coords} as one group, jointly, bypassing the draw
     * and the filter: for a set the caller knows to be strongly coupled, such as a Lasso active
     * set, which an exact group solve handles in one round where pairwise-filtered rounds zig-zag.
     * Coordinates still in flight are left out.
     */
    /**
     * Drops coordinates from every later round for good: for those an app has proved will not
     * move again (a Lasso coordinate screened out by a safe rule). Their priority becomes zero.
     */
    public void drop(int[] coords) {
        for (int j : coords) {
            dropped[j] = true;
            deltaSqSum -= deltaSq[j];
            deltaSq[j] = 0;
        }
        if (order == Order.PRIORITY) {
            priorities.zero(coords);
        }
    }

    /**
     * Gives every dropped coordinate back (for example when a Lasso path moves to a smaller
     * lambda, where screening starts afresh); priorities are rebuilt.
     */
    public void undropAll() {
        java.util.Arrays.fill(dropped, false);
        rebuild();
    }

    /** Whether a coordinate was dropped for good. */
    public boolean dropped(int j) {
        return dropped[j];
    }

    private boolean blocked(int j) {
        return excluded[j] || dropped[j];
    }

    public void scheduleJointly(int[] coords) {
        jointly = coords.clone();
    }

    private Assignment jointRound() {
        int n = 0;
        long[] keys = new long[jointly.length];
        for (int j : jointly) {
            if (j < 0 || j >= coordinates) {
                throw new IllegalArgumentException("no coordinate " + j);
            }
            if (!blocked(j)) {
                keys[n++] = j;
            }
        }
        return n == 0 ? null : Assignment.shared(Batch.of(java.util.Arrays.copyOf(keys, n), new double[n], 1));
    }

    private void offer(int n) {
        for (int i = 0; i < n && !round.full(); i++) {
            round.tryAdd(drawn[i]);
        }
    }

    /** Keys grouped contiguously, value 0 = group id. */
    static Batch toBatch(InterferenceFilter.GroupedRound r) {
        int n = r.size();
        long[] keys = new long[n];
        double[] groups = new double[n];
        int k = 0;
        for (int g = 0; g < r.groups(); g++) {
            for (int i = 0; i < n; i++) {
                if (r.group(i) == g) {
                    keys[k] = r.coordinate(i);
                    groups[k] = g;
                    k++;
                }
            }
        }
        return Batch.of(keys, groups, 1);
    }

    private void markInFlight(List<Assignment> inFlight, boolean on) {
        for (Assignment a : inFlight) {
            for (long k : a.shared().keys()) {
                excluded[(int) k] = on;
            }
        }
    }

    /**
     * Draws up to {@code candidates} distinct coordinates by priority; weights are restored after.
     * When every known change is zero the draw is uniform: the scheduler never declares the job
     * done by itself (the evaluation's convergence test does), it verifies instead.
     */
    private int drawPriority(SplittableRandom rnd) {
        if (!(priorities.total() > 0)) {
            return drawUniform(rnd);
        }
        int n = 0;
        for (int i = 0; i < candidates; i++) {
            int j = priorities.sample(rnd);
            if (j < 0) {
                break;
            }
            priorities.set(j, 0.0);
            if (!blocked(j)) {
                drawn[n++] = j;
            } else {
                drawnExcluded(j);
            }
        }
        for (int i = 0; i < n; i++) {
            priorities.set(drawn[i], weight(drawn[i]));
        }
        restoreExcluded();
        return n;
    }

    private void drawnExcluded(int j) {
        if (excludedDrawnCount == excludedDrawn.length) {
            excludedDrawn = java.util.Arrays.copyOf(excludedDrawn, 2 * excludedDrawn.length);
        }
        excludedDrawn[excludedDrawnCount++] = j;
    }

    private void restoreExcluded() {
        for (int i = 0; i < excludedDrawnCount; i++) {
            priorities.set(excludedDrawn[i], weight(excludedDrawn[i]));
        }
        excludedDrawnCount = 0;
    }

    /** Partial Fisher-Yates over a lazily materialised permutation: distinct uniform draws. */
    private int drawUniform(SplittableRandom rnd) {
        int n = 0;
        int[] perm = uniformScratch();
        int limit = coordinates;
        for (int i = 0; i < limit && n < candidates; i++) {
            int r = i + rnd.nextInt(limit - i);
            int t = perm[i];
            perm[i] = perm[r];
            perm[r] = t;
            if (!blocked(perm[i])) {
                drawn[n++] = perm[i];
            }
        }
        return n;
    }

    private int[] uniformScratch() {
        if (perm == null) {
            perm = new int[coordinates];
            for (int i = 0; i < coordinates; i++) {
                perm[i] = i;
            }
        }
        return perm;
    }

    /** Cyclic order: accept coordinates until one is rejected; it opens the next round. */
    private void roundRobin() {
        for (int examined = 0; examined < coordinates && !round.full(); examined++) {
            if (!blocked(cursor) && !round.tryAdd(cursor)) {
                break;
            }
            cursor = (cursor + 1) % coordinates;
        }
    }

    private double weight(int j) {
        return dropped[j] ? 0.0 : deltaSq[j] + eta();
    }

    /** The priority floor: a fraction of the mean priority (never negative despite rounding). */
    private double eta() {
        return etaFraction * Math.max(deltaSqSum, 0.0) / coordinates;
    }

    /** Commit entries are (coordinate; delta, ...): the squared delta becomes the priority. */
    public void observe(Batch commit) {
        if (order != Order.PRIORITY) {
            return;
        }
        for (int i = 0; i < commit.size(); i++) {
            int j = (int) commit.key(i);
            double d = commit.value(i, 0);
            deltaSqSum += d * d - deltaSq[j];
            deltaSq[j] = d * d;
            priorities.set(j, weight(j));
        }
        if (!(deltaSqSum > 0.5 * sumAtRebuild && deltaSqSum < 2 * sumAtRebuild)) {
            rebuild();
        }
    }

    /**
     * Replaces every coordinate's priority with a fresh figure, for example the squared change a
     * coordinate would make now, computed from a full gradient at an evaluation. Priorities from
     * {@link #observe} are the change at a coordinate's last update and go stale; a refresh also
     * finds coordinates that were never picked but now should move.
     *
     * @param deltaSqNow one value per coordinate, >= 0
     */
    public void refreshPriorities(double[] deltaSqNow) {
        if (deltaSqNow.length != coordinates) {
            throw new IllegalArgumentException("expected " + coordinates + " priorities, got " + deltaSqNow.length);
        }
        if (order != Order.PRIORITY) {
            return;
        }
        System.arraycopy(deltaSqNow, 0, deltaSq, 0, coordinates);
        rebuild();
    }

    /**
     * Recomputes the delta sum exactly (the running sum drifts by rounding as it falls by many
     * orders of magnitude) and every weight with it, in O(coordinates).
     */
    private void rebuild() {
        double sum = 0;
        for (double d : deltaSq) {
            sum += d;
        }
        deltaSqSum = sum;
        sumAtRebuild = sum;
        priorities.setAll(deltaSq, eta(), dropped);
    }
}

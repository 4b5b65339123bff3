package org.strads4j.schedule;

/**
 * The dependency check of STRADS, with grouping. Candidates are offered one at a time to a
 * {@link GroupedRound}; a candidate
 * <ul>
 *   <li>starts a new group when its {@link Dependency} with every coordinate already in the round
 *       is at most {@code rho};</li>
 *   <li>joins a group when it interferes with coordinates of exactly one group and that group has
 *       fewer than {@code maxGroup} members (a group's coordinates are updated jointly, by an exact
 *       block solve, never independently);</li>
 *   <li>is rejected otherwise.</li>
 * </ul>
 * With {@code maxGroup = 1} this is the rule of the STRADS paper: drop every candidate that
 * interferes with an accepted one. Either way no two interfering coordinates are updated
 * independently in the same round.
 */
public final class InterferenceFilter {
    private final double rho;
    private final int maxGroup;
    private final Dependency dependency;

    /**
     * @param rho        the largest interference allowed between two groups of one round, in [0, 1]
     * @param maxGroup   the most coordinates in one group (1 = no grouping)
     * @param dependency the interference measure
     */
    public InterferenceFilter(double rho, int maxGroup, Dependency dependency) {
        if (!(rho >= 0 && rho <= 1)) {
            throw new IllegalArgumentException("Invalid rho: " + rho + " (must be in [0, 1])");
        }
        if (maxGroup < 1) {
            throw new IllegalArgumentException("Invalid maxGroup: " + maxGroup + " (must be at least 1)");
        }
        this.rho = rho;
        this.maxGroup = maxGroup;
        this.dependency = dependency;
    }

    public double rho() {
        return rho;
    }

    public int maxGroup() {
        return maxGroup;
    }

    /** An empty round that holds at most {@code capacity} coordinates. */
    public GroupedRound newRound(int capacity) {
        return new GroupedRound(capacity);
    }

    /** The coordinates accepted so far in one round, with their group ids (0, 1, ...). */
    public final class GroupedRound {
        private final int[] coords;
        private final int[] group;
        private final int[] groupSize;
        private int size;
        private int groups;

        private GroupedRound(int capacity) {
            coords = new int[capacity];
            group = new int[capacity];
            groupSize = new int[capacity];
        }

        /** Empties the round. */
        public void clear() {
            size = 0;
            groups = 0;
        }

        /** True when no more coordinates fit. */
        public boolean full() {
            return size == coords.length;
        }

        /** Offers a candidate; false when it is rejected (or the round is full). */
        public boolean tryAdd(int candidate) {
            if (full()) {
                return false;
            }
            int conflict = -1;
            for (int i = 0; i < size; i++) {
                if (dependency.between(candidate, coords[i]) > rho) {
                    if (conflict >= 0 && conflict != group[i]) {
                        return false;
                    }
                    conflict = group[i];
                }
            }
            int g;
            if (conflict < 0) {
                g = groups++;
                groupSize[g] = 0;
            } else if (groupSize[conflict] < maxGroup) {
                g = conflict;
            } else {
                return false;
            }
            groupSize[g]++;
            coords[size] = candidate;
            group[size] = g;
            size++;
            return true;
        }

        /** Number of coordinates accepted. */
        public int size() {
            return size;
        }

        /** Number of groups. */
        public int groups() {
            return groups;
        }

        /** Coordinate {@code i}. */
        public int coordinate(int i) {
            return coords[i];
        }

        /** The group of coordinate {@code i}. */
        public int group(int i) {
            return group[i];
        }
    }
}

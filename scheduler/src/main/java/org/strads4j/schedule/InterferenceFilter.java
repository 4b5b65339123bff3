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
public final class InterferenceFilter implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final double rho;
    private final int maxGroup;
    private final Dependency dependency;
    private static final int MANY = -2;

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

    /** An empty round that holds at most {@code capacity} of the coordinates {@code 0..coordinates-1}. */
    public GroupedRound newRound(int capacity, int coordinates) {
        return new GroupedRound(capacity, coordinates);
    }

    /** The coordinates accepted so far in one round, with their group ids (0, 1, ...). */
    public final class GroupedRound implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final int[] coords;
        private final int[] group;
        private final int[] groupSize;
        /** groupOf[j] = 1 + the group of coordinate j in this round, 0 when j is not in it. */
        private final int[] groupOf;
        private int size;
        private int groups;

        private GroupedRound(int capacity, int coordinates) {
            coords = new int[capacity];
            group = new int[capacity];
            groupSize = new int[capacity];
            groupOf = new int[coordinates];
        }

        /** Empties the round. */
        public void clear() {
            for (int i = 0; i < size; i++) {
                groupOf[coords[i]] = 0;
            }
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
            if (groupOf[candidate] != 0) {
                return false;
            }
            int conflict = conflictingGroup(candidate);
            if (conflict == MANY) {
                return false;
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
            groupOf[candidate] = g + 1;
            coords[size] = candidate;
            group[size] = g;
            size++;
            return true;
        }

        /** The one group the candidate interferes with, -1 for none, {@link #MANY} for several. */
        private int conflictingGroup(int candidate) {
            if (rho >= 1) {
                return -1;   // no |correlation| exceeds 1: nothing interferes, nothing to compute
            }
            int conflict = -1;
            int[] nbrs = size == 0 ? null : dependency.neighbours(candidate, rho);
            if (nbrs != null) {
                for (int j : nbrs) {
                    int g = groupOf[j] - 1;
                    if (g >= 0 && g != conflict) {
                        if (conflict >= 0) {
                            return MANY;
                        }
                        conflict = g;
                    }
                }
                return conflict;
            }
            for (int i = 0; i < size; i++) {
                if (dependency.between(candidate, coords[i]) > rho) {
                    if (conflict >= 0 && conflict != group[i]) {
                        return MANY;
                    }
                    conflict = group[i];
                }
            }
            return conflict;
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

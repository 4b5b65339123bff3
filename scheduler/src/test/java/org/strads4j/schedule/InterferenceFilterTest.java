package org.strads4j.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InterferenceFilterTest {

    /** A random symmetric dependency matrix, listing neighbours or not. */
    private static Dependency randomDependency(int p, long seed, boolean listsNeighbours) {
        double[][] d = new double[p][p];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int a = 0; a < p; a++) {
            for (int b = a + 1; b < p; b++) {
                d[a][b] = d[b][a] = rnd.nextDouble() < 0.3 ? 0.5 + 0.5 * rnd.nextDouble() : 0.05 * rnd.nextDouble();
            }
        }
        return new Dependency() {
            @Override
            public double between(int a, int b) {
                return d[a][b];
            }

            @Override
            public int[] neighbours(int a, double rho) {
                if (!listsNeighbours) {
                    return null;
                }
                return java.util.stream.IntStream.range(0, p).filter(b -> b != a && d[a][b] > rho).toArray();
            }
        };
    }

    @Test
    void neverAcceptsTwoCorrelatedCoordinatesInDifferentGroups() {
        for (boolean lists : new boolean[] {true, false}) {
            for (int maxGroup : new int[] {1, 3}) {
                int p = 60;
                Dependency dep = randomDependency(p, 7 + maxGroup, lists);
                InterferenceFilter f = new InterferenceFilter(0.1, maxGroup, dep);
                InterferenceFilter.GroupedRound r = f.newRound(20, p);
                SplittableRandom rnd = new SplittableRandom(3);
                for (int round = 0; round < 200; round++) {
                    r.clear();
                    for (int k = 0; k < 40; k++) {
                        r.tryAdd(rnd.nextInt(p));
                    }
                    int[] groupSize = new int[r.groups()];
                    for (int i = 0; i < r.size(); i++) {
                        groupSize[r.group(i)]++;
                        for (int k = i + 1; k < r.size(); k++) {
                            assertTrue(r.coordinate(i) != r.coordinate(k), "a coordinate twice in one round");
                            if (r.group(i) != r.group(k)) {
                                assertTrue(dep.between(r.coordinate(i), r.coordinate(k)) <= 0.1,
                                        "interfering coordinates " + r.coordinate(i) + ", " + r.coordinate(k)
                                                + " updated independently");
                            }
                        }
                    }
                    for (int s : groupSize) {
                        assertTrue(s >= 1 && s <= maxGroup, "group size " + s);
                    }
                }
            }
        }
    }

    @Test
    void paperRuleDropsAnyInterferingCandidate() {
        // 0-1 correlated, 2 independent of both.
        Dependency dep = (a, b) -> (a + b == 1) ? 0.9 : 0.0;
        InterferenceFilter f = new InterferenceFilter(0.1, 1, dep);
        InterferenceFilter.GroupedRound r = f.newRound(3, 3);
        assertTrue(r.tryAdd(0));
        assertFalse(r.tryAdd(1));
        assertTrue(r.tryAdd(2));
        assertEquals(2, r.groups());
    }

    @Test
    void groupingJoinsTheOneGroupACandidateInterferesWith() {
        // 0-1 correlated, 2-3 correlated, 4 correlated with 1 and 3.
        Dependency dep = (a, b) -> {
            int lo = Math.min(a, b);
            int hi = Math.max(a, b);
            return (lo == 0 && hi == 1) || (lo == 2 && hi == 3) || (hi == 4 && (lo == 1 || lo == 3)) ? 0.9 : 0.0;
        };
        InterferenceFilter f = new InterferenceFilter(0.1, 4, dep);
        InterferenceFilter.GroupedRound r = f.newRound(5, 5);
        assertTrue(r.tryAdd(0));
        assertTrue(r.tryAdd(2));
        assertTrue(r.tryAdd(1), "joins 0's group");
        assertEquals(r.group(0), r.group(2));
        assertTrue(r.tryAdd(3), "joins 2's group");
        assertFalse(r.tryAdd(4), "interferes with two groups");
        assertFalse(r.tryAdd(0), "already in the round");
    }
}

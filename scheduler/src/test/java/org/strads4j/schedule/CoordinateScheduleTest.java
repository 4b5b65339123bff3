package org.strads4j.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.strads4j.api.Assignment;
import org.strads4j.api.BadInputException;
import org.strads4j.api.Batch;
import org.strads4j.api.JobSpec;
import org.strads4j.api.ParamStore;
import org.strads4j.api.ScheduleContext;
import org.strads4j.schedule.CoordinateSchedule.Order;

class CoordinateScheduleTest {

    private static ScheduleContext ctx(SplittableRandom rnd, List<Assignment> inFlight) {
        return new ScheduleContext() {
            @Override
            public void requestEvaluation() {
            }

            @Override
            public long round() {
                return 1;
            }

            @Override
            public int workers() {
                return 1;
            }

            @Override
            public SplittableRandom random() {
                return rnd;
            }

            @Override
            public List<Assignment> inFlight() {
                return inFlight;
            }

            @Override
            public JobSpec spec() {
                return JobSpec.defaults("test");
            }

            @Override
            public <S> S state(Class<S> type) {
                throw new UnsupportedOperationException("a coordinate schedule needs no job state");
            }

            @Override
            public <V> ParamStore<V> params() {
                throw new UnsupportedOperationException("a coordinate schedule needs no parameters");
            }
        };
    }

    private static InterferenceFilter noInterference() {
        return new InterferenceFilter(0.1, 1, Dependency.none());
    }

    @Test
    void prioritySamplingPrefersLargeChanges() {
        int p = 100;
        CoordinateSchedule s = new CoordinateSchedule(Order.PRIORITY, p, 1, 1, 0.01, noInterference());
        double[] d = new double[p];
        d[7] = 100.0;   // a coordinate that moved a lot
        d[42] = 1.0;    // one that moved a little
        s.refreshPriorities(d);
        SplittableRandom rnd = new SplittableRandom(5);
        int[] picks = new int[p];
        for (int k = 0; k < 20_000; k++) {
            picks[(int) s.next(ctx(rnd, List.of())).shared().key(0)]++;
        }
        assertTrue(picks[7] > 15 * picks[42], "large change picked far more often: " + picks[7] + " vs " + picks[42]);
        assertTrue(picks[42] > picks[3] * 5, "small change still beats no change");
        assertTrue(picks[3] > 0, "eta keeps every coordinate reachable");
    }

    @Test
    void observedDeltasBecomePriorities() {
        CoordinateSchedule s = new CoordinateSchedule(Order.PRIORITY, 10, 1, 1, 1e-6, noInterference());
        s.refreshPriorities(new double[10]);
        s.observe(Batch.of(new long[] {4}, new double[] {3.0, 0.0}, 2));
        SplittableRandom rnd = new SplittableRandom(1);
        for (int k = 0; k < 50; k++) {
            assertEquals(4, s.next(ctx(rnd, List.of())).shared().key(0));
        }
    }

    @Test
    void roundRobinIsCyclicAndStopsAtTheFirstConflict() {
        Dependency dep = (a, b) -> Math.abs(a - b) == 1 ? 0.9 : 0.0;  // neighbours interfere
        CoordinateSchedule s = new CoordinateSchedule(Order.ROUND_ROBIN, 5, 3, 3, 0.1,
                new InterferenceFilter(0.1, 1, dep));
        SplittableRandom rnd = new SplittableRandom(1);
        assertArrayEquals(new long[] {0}, s.next(ctx(rnd, List.of())).shared().keys());
        assertArrayEquals(new long[] {1}, s.next(ctx(rnd, List.of())).shared().keys());
        CoordinateSchedule free = new CoordinateSchedule(Order.ROUND_ROBIN, 5, 3, 3, 0.1, noInterference());
        assertArrayEquals(new long[] {0, 1, 2}, free.next(ctx(rnd, List.of())).shared().keys());
        assertArrayEquals(new long[] {3, 4, 0}, free.next(ctx(rnd, List.of())).shared().keys());
    }

    @Test
    void randomDrawsDistinctCoordinatesAndSkipsThoseInFlight() {
        CoordinateSchedule s = new CoordinateSchedule(Order.RANDOM, 20, 10, 10, 0.1, noInterference());
        SplittableRandom rnd = new SplittableRandom(9);
        Assignment inFlight = Assignment.shared(Batch.keys(0, 1, 2, 3, 4));
        for (int k = 0; k < 100; k++) {
            long[] keys = s.next(ctx(rnd, List.of(inFlight))).shared().keys();
            Set<Long> seen = new HashSet<>();
            for (long key : keys) {
                assertTrue(seen.add(key), "distinct");
                assertFalse(key < 5, "in-flight coordinate " + key + " picked again");
            }
            assertEquals(10, keys.length);
        }
    }

    @Test
    void droppedCoordinatesAreNeverScheduledAgainByAnyOrderNorJointly() {
        for (Order order : Order.values()) {
            CoordinateSchedule s = new CoordinateSchedule(order, 20, 5, 10, 0.1, noInterference());
            s.drop(new int[] {0, 3, 7, 8, 19});
            SplittableRandom rnd = new SplittableRandom(4);
            Set<Long> seen = new HashSet<>();
            for (int k = 0; k < 200; k++) {
                for (long key : s.next(ctx(rnd, List.of())).shared().keys()) {
                    assertFalse(s.dropped((int) key), order + " scheduled dropped coordinate " + key);
                    seen.add(key);
                }
            }
            assertEquals(15, seen.size(), order + ": every other coordinate still comes up");
            s.scheduleJointly(new int[] {1, 3, 8, 9});
            assertArrayEquals(new long[] {1, 9}, s.next(ctx(rnd, List.of())).shared().keys());
        }
    }

    @Test
    void invalidSettingsNameTheOption() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> new CoordinateSchedule(Order.PRIORITY, 10, 0, 1, 0.1, noInterference()));
        assertTrue(e.getMessage().contains("--block-size"));
        assertThrows(BadInputException.class, () -> Order.parse("fastest"));
        assertEquals(Order.ROUND_ROBIN, Order.parse("round-robin"));
    }

    @Test
    void aJointRequestBecomesTheNextRoundAsOneGroupLeavingOutCoordinatesInFlight() {
        CoordinateSchedule s = new CoordinateSchedule(Order.RANDOM, 50, 4, 8, 0.1, noInterference());
        SplittableRandom rnd = new SplittableRandom(2);
        s.scheduleJointly(new int[] {3, 9, 27, 40});
        Batch joint = s.next(ctx(rnd, List.of(Assignment.shared(Batch.keys(27))))).shared();
        assertArrayEquals(new long[] {3, 9, 40}, joint.keys());
        for (int i = 0; i < joint.size(); i++) {
            assertEquals(0.0, joint.value(i, 0), "one group");
        }
        Batch after = s.next(ctx(rnd, List.of())).shared();
        assertEquals(4, after.size(), "then back to drawing");
        assertEquals(4, new HashSet<>(java.util.Arrays.stream(after.values()).boxed().toList()).size(),
                "independent coordinates form their own groups");
    }
}

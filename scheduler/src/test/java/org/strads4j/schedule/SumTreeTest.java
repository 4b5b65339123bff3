package org.strads4j.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SumTreeTest {

    @Test
    void totalsFollowUpdates() {
        SumTree t = new SumTree(5);
        t.set(0, 1.0);
        t.set(4, 3.0);
        assertEquals(4.0, t.total(), 0.0);
        t.set(0, 0.5);
        assertEquals(3.5, t.total(), 0.0);
        t.setAll(new double[] {1, 1, 1, 1, 1}, 0.5);
        assertEquals(7.5, t.total(), 1e-15);
        assertEquals(1.5, t.get(3), 0.0);
    }

    @Test
    void zeroingFewOrManyLeavesTheTreeAsSettingEachToZero() {
        SplittableRandom rnd = new SplittableRandom(7);
        int n = 1000;
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = rnd.nextDouble();
        }
        for (int count : new int[] {3, 900}) {   // one at a time, and all leaves then every inner sum
            SumTree bulk = new SumTree(n);
            SumTree each = new SumTree(n);
            bulk.setAll(w, 0.25);
            each.setAll(w, 0.25);
            int[] idx = new int[count];
            for (int k = 0; k < count; k++) {
                idx[k] = (k * 7919) % n;
            }
            bulk.zero(idx);
            for (int i : idx) {
                each.set(i, 0.0);
            }
            assertEquals(each.total(), bulk.total(), 0.0, count + " zeroed");
            SplittableRandom a = new SplittableRandom(3);
            SplittableRandom b = new SplittableRandom(3);
            for (int k = 0; k < 10_000; k++) {
                int s = bulk.sample(a);
                assertEquals(each.sample(b), s);
                assertTrue(bulk.get(s) > 0, "a zeroed leaf is never drawn");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new SumTree(4).zero(new int[] {4}));
        assertThrows(IllegalArgumentException.class, () -> new SumTree(4).zero(new int[] {-1}));
    }

    @Test
    void samplesInProportionToWeight() {
        SumTree t = new SumTree(4);
        double[] w = {1, 0, 3, 6};
        for (int i = 0; i < w.length; i++) {
            t.set(i, w[i]);
        }
        SplittableRandom rnd = new SplittableRandom(1);
        int[] counts = new int[4];
        int draws = 200_000;
        for (int k = 0; k < draws; k++) {
            counts[t.sample(rnd)]++;
        }
        assertEquals(0, counts[1], "a zero weight is never drawn");
        for (int i = 0; i < w.length; i++) {
            assertEquals(w[i] / 10.0, counts[i] / (double) draws, 0.005, "frequency of " + i);
        }
    }

    @Test
    void emptyTreeDrawsNothingAndBadWeightsAreRejected() {
        SumTree t = new SumTree(3);
        assertEquals(-1, t.sample(new SplittableRandom(0)));
        assertThrows(IllegalArgumentException.class, () -> t.set(0, -1.0));
        assertThrows(IllegalArgumentException.class, () -> t.set(0, Double.NaN));
    }
}

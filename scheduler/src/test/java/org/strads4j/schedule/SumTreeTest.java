package org.strads4j.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

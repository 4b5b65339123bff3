package org.strads4j.apps.mf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.strads4j.api.Job;

/**
 * Test ratings whose user or item has no training rating are left out of testRmse, counted and
 * warned about: the run is the same as one whose test set never had them.
 */
class MfUnseenTest {
    private static final Ratings[] SPLIT = new SyntheticRatings(40, 50, 2, 0.3, 3.0, 0.1, 3L).generate(0.2);

    /** The test set with three ratings the model cannot predict appended: user 900, item 900, both. */
    private static Ratings withUnseen(Ratings test) {
        int n = test.size();
        int[] users = Arrays.copyOf(test.users(), n + 3);
        int[] items = Arrays.copyOf(test.items(), n + 3);
        double[] values = Arrays.copyOf(test.values(), n + 3);
        users[n] = 900;
        items[n] = 1;
        users[n + 1] = 1;
        items[n + 1] = 900;
        users[n + 2] = 901;
        items[n + 2] = 901;
        values[n] = 100;
        values[n + 1] = -100;
        values[n + 2] = 100;
        return new Ratings(users, items, values, "test with unseen");
    }

    @Test
    void unseenTestRatingsChangeNothingButTheCountAndAWarning() {
        MfOptions o = new MfOptions(null, null, 2, 0.05, Regularizer.WEIGHTED, 3, 2);
        MfData clean = MfData.of(SPLIT[0], SPLIT[1]);
        MfData unseen = MfData.of(SPLIT[0], withUnseen(SPLIT[1]));
        assertEquals(clean.testSize(), unseen.testSize());
        assertEquals(3, unseen.unseenTestRatings());
        assertEquals(clean.users(), unseen.users());
        for (int nodes : new int[] {1, 3}) {
            Job a = MfApp.plan(MfLowRankTest.spec(o, nodes), o, clean, "clean");
            Job b = MfApp.plan(MfLowRankTest.spec(o, nodes), o, unseen, "unseen");
            assertTrue(a.warnings().isEmpty());
            assertEquals(List.of(MfApp.unseenWarning(unseen, o)), b.warnings());
            assertEquals("3 of the " + (clean.testSize() + 3) + " test ratings name a user (2) or an item (2) with no"
                    + " training rating; they are left out of testRmse (testRatingsUnseen)", b.warnings().get(0));
            assertEquals(3, b.provenance().get("testRatingsUnseen"));
            double rmseA = new InProcessRun(a).run().last().metric("testRmse");
            double rmseB = new InProcessRun(b).run().last().metric("testRmse");
            assertTrue(rmseA < 1.0, "test RMSE " + rmseA);
            assertEquals(rmseA, rmseB, 0.0, nodes + " nodes");
        }
    }
}

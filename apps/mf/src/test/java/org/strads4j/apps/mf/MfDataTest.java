package org.strads4j.apps.mf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.strads4j.api.BadInputException;
import org.strads4j.api.JobSpec;

class MfDataTest {
    private static final Ratings TRAIN = new Ratings(new int[] {10, 30, 10, 20, 30}, new int[] {7, 5, 5, 9, 9},
            new double[] {1, 2, 3, 4, 5}, "t");
    /** User 40 and item 8 have no training rating: only (30, 7) and (10, 9) are kept. */
    private static final Ratings TEST = new Ratings(new int[] {40, 30, 20, 10}, new int[] {5, 7, 8, 9},
            new double[] {6, 8, 7, 9}, "s");

    @Test
    void indexesTrainingIdsInOrderAndBuildsCsrAndCsc() {
        MfData d = MfData.of(TRAIN, TEST);
        assertArrayEquals(new int[] {10, 20, 30}, d.userIds());            // user 40 only in test
        assertArrayEquals(new int[] {5, 7, 9}, d.itemIds());               // item 8 only in test
        assertEquals(5, d.trainSize());
        assertEquals(2, d.testSize());
        MfShard s = d.shards(1, new double[d.items()])[0];
        assertArrayEquals(new int[] {0, 2, 3, 5}, s.rowPtr());
        assertArrayEquals(new int[] {0, 1, 2, 0, 2}, s.rowItem());         // items ascending per user
        assertArrayEquals(new double[] {3, 1, 4, 2, 5}, s.rowValue());
        assertArrayEquals(new int[] {0, 2, 3, 5}, s.colPtr());
        assertArrayEquals(new int[] {0, 2, 0, 1, 2}, s.colUser());         // users ascending per item
        assertArrayEquals(new double[] {3, 2, 1, 4, 5}, s.colValue());
        assertArrayEquals(new int[] {0, 2}, s.testUser());                 // sorted by user: 10, 30
        assertArrayEquals(new int[] {2, 1}, s.testItem());                 // items 9, 7
        assertArrayEquals(new double[] {9, 8}, s.testValue());
    }

    @Test
    void testRatingsOfUnseenUsersOrItemsAreLeftOutAndCounted() {
        MfData d = MfData.of(TRAIN, TEST);
        assertEquals(2, d.unseenTestRatings());
        assertEquals(1, d.unseenTestUsers());
        assertEquals(1, d.unseenTestItems());
        Ratings both = new Ratings(new int[] {40, 41}, new int[] {8, 7}, new double[] {1, 1}, "b");
        MfData e = MfData.of(TRAIN, both);
        assertEquals(0, e.testSize());
        assertEquals(2, e.unseenTestRatings());
        assertEquals(2, e.unseenTestUsers());
        assertEquals(1, e.unseenTestItems());
        assertEquals(0, MfData.of(TRAIN, null).unseenTestRatings());
    }

    @Test
    void blocksCoverEveryRowOnceWhateverTheWorkerCount() {
        MfData d = MfData.of(TRAIN, TEST);
        for (int workers = 1; workers <= 6; workers++) {
            MfShard[] shards = d.shards(workers, new double[d.items()]);
            int users = 0;
            int items = 0;
            int ratings = 0;
            int tests = 0;
            for (int w = 0; w < workers; w++) {
                assertEquals(users, shards[w].userFrom());
                assertEquals(items, shards[w].itemFrom());
                users = shards[w].userTo();
                items = shards[w].itemTo();
                ratings += shards[w].rowItem().length;
                assertEquals(shards[w].colUser().length, shards[w].colValue().length);
                tests += shards[w].testUser().length;
            }
            assertEquals(d.users(), users);
            assertEquals(d.items(), items);
            assertEquals(5, ratings);
            assertEquals(2, tests);
        }
    }

    @Test
    void balancedBlocksSplitByEntries() {
        assertArrayEquals(new int[] {0, 2, 4}, MfData.balancedBlocks(new int[] {0, 1, 2, 3, 4}, 2));
        assertArrayEquals(new int[] {0, 1, 3}, MfData.balancedBlocks(new int[] {0, 10, 11, 12}, 2));
    }

    @Test
    void initialFactorsDependOnlyOnTheSeed() {
        MfData d = MfData.of(TRAIN, TEST);
        assertArrayEquals(d.initialItemFactors(3, 5), d.initialItemFactors(3, 5), 0.0);
        assertEquals(9, d.initialItemFactors(3, 5).length);
    }

    @Test
    void optionsAreValidatedInOnePlace() {
        assertEquals("Invalid --rank: 0 (must be at least 1)",
                assertThrows(BadInputException.class, () -> new MfOptions(null, null, 0, 0.1, Regularizer.PLAIN, 1, 1))
                        .getMessage());
        assertThrows(BadInputException.class, () -> new MfOptions(null, null, 2, -1, Regularizer.PLAIN, 1, 1));
        assertThrows(BadInputException.class, () -> new MfOptions(null, null, 2, Double.NaN, Regularizer.PLAIN, 1, 1));
        assertThrows(BadInputException.class, () -> new MfOptions(null, null, 2, 0.1, Regularizer.PLAIN, 0, 1));
        assertThrows(BadInputException.class, () -> new MfOptions(null, null, 2, 0.1, Regularizer.PLAIN, 1, 0));
        assertEquals("Invalid --reg: l2 (must be plain or weighted)",
                assertThrows(BadInputException.class, () -> Regularizer.parse("l2")).getMessage());
        MfOptions o = new MfOptions(null, null, 4, 0.5, Regularizer.WEIGHTED, 3, 2);
        assertEquals(16, o.roundsPerIteration());
        assertEquals(o, MfOptions.from(JobSpec.defaults("mf").withParams(o.toParams())));
        assertEquals("Invalid rank: 2.5 (not an integer)", assertThrows(BadInputException.class,
                () -> MfOptions.from(JobSpec.defaults("mf").withParams(java.util.Map.of("rank", 2.5)))).getMessage());
    }
}

package org.strads4j.apps.lda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TopicCountCodecTest {

    @Test
    void packsTopicInLowBitsAndCountInHighBits() {
        TopicCountCodec c = new TopicCountCodec(20);
        assertEquals(5, c.bits());
        assertEquals(227, c.pack(3, 7));
        assertEquals(3, c.topic(227));
        assertEquals(7, c.count(227));
        assertEquals(Integer.MAX_VALUE >>> 5, c.maxCount());
        assertEquals(1, new TopicCountCodec(1).bits());
        assertEquals(10, new TopicCountCodec(1000).bits());
        assertEquals(10, new TopicCountCodec(1024).bits());
    }

    @Test
    void rowStaysSortedByCountAndEmptiesAtZero() {
        TopicCountCodec c = new TopicCountCodec(20);
        int[] rows = new int[6];
        // a row in slots [1, 5) between two sentinels that must never change
        rows[0] = c.pack(19, 99);
        rows[5] = c.pack(18, 99);
        c.increment(rows, 1, 5, 12);
        c.increment(rows, 1, 5, 3);
        c.increment(rows, 1, 5, 3);
        assertArrayEquals(new int[] {c.pack(19, 99), c.pack(3, 2), c.pack(12, 1), 0, 0, c.pack(18, 99)}, rows);
        c.increment(rows, 1, 5, 12);
        c.increment(rows, 1, 5, 12);
        assertArrayEquals(new int[] {c.pack(19, 99), c.pack(12, 3), c.pack(3, 2), 0, 0, c.pack(18, 99)}, rows);
        c.decrement(rows, 1, 5, 3);
        c.decrement(rows, 1, 5, 3);
        assertArrayEquals(new int[] {c.pack(19, 99), c.pack(12, 3), 0, 0, 0, c.pack(18, 99)}, rows);
        assertEquals(3, c.countOf(rows, 1, 5, 12));
        assertEquals(0, c.countOf(rows, 1, 5, 3));
    }

    @Test
    void incrementSlotBumpsAKnownSlotAndKeepsTheOrder() {
        TopicCountCodec c = new TopicCountCodec(8);
        // ties are ordered by topic, larger first: the packed values compare that way
        int[] rows = {c.pack(2, 3), c.pack(7, 1), c.pack(5, 1), 0};
        c.incrementSlot(rows, 0, 2);
        assertArrayEquals(new int[] {c.pack(2, 3), c.pack(5, 2), c.pack(7, 1), 0}, rows);
        c.incrementSlot(rows, 0, 1);
        assertArrayEquals(new int[] {c.pack(5, 3), c.pack(2, 3), c.pack(7, 1), 0}, rows);
        c.incrementSlot(rows, 0, 1);
        assertArrayEquals(new int[] {c.pack(2, 4), c.pack(5, 3), c.pack(7, 1), 0}, rows);
    }

    @Test
    void topicZeroIsNotConfusedWithAnEmptySlot() {
        TopicCountCodec c = new TopicCountCodec(4);
        int[] rows = new int[2];
        c.increment(rows, 0, 2, 0);
        assertEquals(1, c.countOf(rows, 0, 2, 0));
        c.decrement(rows, 0, 2, 0);
        assertArrayEquals(new int[] {0, 0}, rows);
        assertThrows(IllegalStateException.class, () -> c.decrement(rows, 0, 2, 0));
    }

    @Test
    void fullRowAndMissingTopicAreErrors() {
        TopicCountCodec c = new TopicCountCodec(8);
        int[] rows = new int[2];
        c.increment(rows, 0, 2, 1);
        c.increment(rows, 0, 2, 2);
        assertThrows(IllegalStateException.class, () -> c.increment(rows, 0, 2, 3));
        assertThrows(IllegalStateException.class, () -> c.decrement(rows, 0, 2, 5));
    }

    @Test
    void randomChangesMatchADenseCounter() {
        int k = 37;
        TopicCountCodec c = new TopicCountCodec(k);
        int[] rows = new int[k];
        int[] dense = new int[k];
        SplittableRandom r = new SplittableRandom(7);
        for (int step = 0; step < 20_000; step++) {
            int t = r.nextInt(k);
            if (dense[t] > 0 && r.nextBoolean()) {
                c.decrement(rows, 0, k, t);
                dense[t]--;
            } else {
                c.increment(rows, 0, k, t);
                dense[t]++;
            }
            if (step % 97 == 0) {
                for (int j = 1; j < k; j++) {
                    assertTrue(rows[j] == 0 || rows[j - 1] > rows[j], "sorted, empty slots last");
                }
            }
        }
        for (int t = 0; t < k; t++) {
            assertEquals(dense[t], c.countOf(rows, 0, k, t), "topic " + t);
        }
    }
}

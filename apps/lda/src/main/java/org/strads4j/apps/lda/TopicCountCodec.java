package org.strads4j.apps.lda;

import java.io.Serializable;

/**
 * Packs a (topic, count) pair of the word-topic table into one int, as MALLET's SparseLDA does:
 * {@code packed = count << bits | topic}, with {@code bits = ceil(log2 K)}. A packed value of 0
 * is an empty slot.
 *
 * <p>A word's row is a slice {@code rows[start .. end)} of an int array holding its nonzero
 * topics, <em>sorted by count, largest first</em>, followed by empty slots. Because the count
 * sits in the high bits, comparing packed ints compares counts (ties by topic), so keeping the
 * row sorted is a bubble step after each change. The sampler's walk over a word's topics then
 * meets the heavy topics first and stops at the first empty slot.
 *
 * <pre>
 * K = 20: bits = 5.  topic 3 with count 7 -> 7 << 5 | 3 = 227
 * row of a word with counts {topic 3: 7, topic 12: 2}: [227, 76, 0, 0]
 * </pre>
 */
public final class TopicCountCodec implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int bits;
    private final int mask;
    private final int one;

    /** A codec for {@code topics} topics (at least 1). */
    public TopicCountCodec(int topics) {
        if (topics < 1) {
            throw new IllegalArgumentException("Invalid topics: " + topics);
        }
        this.bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(topics - 1));
        this.mask = (1 << bits) - 1;
        this.one = 1 << bits;
    }

    /** Bits used for the topic. */
    public int bits() {
        return bits;
    }

    /** The largest count a slot can hold. */
    public int maxCount() {
        return Integer.MAX_VALUE >>> bits;
    }

    /** The packed value of {@code topic} with {@code count} (count at least 1). */
    public int pack(int topic, int count) {
        return count << bits | topic;
    }

    /** The topic of a packed slot. */
    public int topic(int packed) {
        return packed & mask;
    }

    /** The count of a packed slot (0 for an empty slot). */
    public int count(int packed) {
        return packed >>> bits;
    }

    /** The count of {@code topic} in the row {@code rows[start .. end)} (0 when absent). */
    public int countOf(int[] rows, int start, int end, int topic) {
        for (int j = start; j < end; j++) {
            int p = rows[j];
            if (p == 0) {
                return 0;
            }
            if ((p & mask) == topic) {
                return p >>> bits;
            }
        }
        return 0;
    }

    /**
     * Adds one to {@code topic}'s count in the row, inserting it if absent, and restores the order.
     *
     * @throws IllegalStateException when the row has no free slot (its capacity is too small)
     */
    public void increment(int[] rows, int start, int end, int topic) {
        int j = start;
        while (j < end) {
            int p = rows[j];
            if (p == 0 || (p & mask) == topic) {
                break;
            }
            j++;
        }
        if (j == end) {
            throw new IllegalStateException("word-topic row [" + start + ", " + end + ") is full; topic " + topic);
        }
        int p = rows[j] == 0 ? one | topic : rows[j] + one;
        while (j > start && rows[j - 1] < p) {
            rows[j] = rows[j - 1];
            j--;
        }
        rows[j] = p;
    }

    /**
     * Adds one to the count in slot {@code slot} (a nonzero slot of the row starting at
     * {@code start}, found by the caller) and restores the order: {@link #increment} without the
     * search.
     */
    public void incrementSlot(int[] rows, int start, int slot) {
        int j = slot;
        int p = rows[j] + one;
        while (j > start && rows[j - 1] < p) {
            rows[j] = rows[j - 1];
            j--;
        }
        rows[j] = p;
    }

    /**
     * Subtracts one from {@code topic}'s count in the row, emptying the slot at zero, and restores
     * the order.
     *
     * @throws IllegalStateException when the topic has no count in the row (the tables disagree)
     */
    public void decrement(int[] rows, int start, int end, int topic) {
        int j = start;
        while (j < end) {
            int p = rows[j];
            if (p == 0) {
                j = end;
                break;
            }
            if ((p & mask) == topic) {
                break;
            }
            j++;
        }
        if (j == end) {
            throw new IllegalStateException("word-topic row [" + start + ", " + end + ") has no count for topic " + topic);
        }
        int p = rows[j] - one;
        if (p < one) {
            p = 0;
        }
        while (j + 1 < end && rows[j + 1] > p) {
            rows[j] = rows[j + 1];
            j++;
        }
        rows[j] = p;
    }
}

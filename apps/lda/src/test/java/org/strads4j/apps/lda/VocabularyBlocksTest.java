package org.strads4j.apps.lda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VocabularyBlocksTest {

    @Test
    void classDocExample() {
        VocabularyBlocks v = VocabularyBlocks.balanced(new int[] {5, 1, 3, 3}, 2, 2);
        assertArrayEquals(new int[] {0, 1}, v.words(0));
        assertArrayEquals(new int[] {2, 3}, v.words(1));
        assertArrayEquals(new int[] {0, 2, 3}, v.rowStart(0));
        assertArrayEquals(new int[] {0, 2, 4}, v.rowStart(1));
        assertEquals(6, v.tokens(0));
        assertEquals(6, v.tokens(1));
    }

    @Test
    void everyWordInExactlyOneBlockAndBlocksBalanced() {
        Corpus c = SyntheticCorpus.generate(6, 30, 100, 40, 3);
        int[] freq = c.wordFrequencies();
        VocabularyBlocks v = VocabularyBlocks.balanced(freq, 3, 20);
        int[] seen = new int[freq.length];
        long total = 0;
        for (int b = 0; b < 3; b++) {
            for (int l = 0; l < v.words(b).length; l++) {
                int w = v.words(b)[l];
                seen[w]++;
                assertEquals(b, v.blockOf(w));
                assertEquals(l, v.localIndex(w));
                assertEquals(Math.min(20, freq[w]), v.rowStart(b)[l + 1] - v.rowStart(b)[l]);
            }
            total += v.tokens(b);
        }
        for (int s : seen) {
            assertEquals(1, s);
        }
        assertEquals(c.tokens(), total);
        for (int b = 0; b < 3; b++) {
            assertTrue(Math.abs(v.tokens(b) - total / 3.0) < 0.02 * total, "block " + b + " holds " + v.tokens(b));
        }
    }
}

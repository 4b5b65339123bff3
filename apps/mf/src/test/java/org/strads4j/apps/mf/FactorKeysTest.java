package org.strads4j.apps.mf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FactorKeysTest {
    @Test
    void blockKeysRoundTrip() {
        for (int side : new int[] {FactorKeys.W, FactorKeys.H}) {
            for (int t : new int[] {0, 1, 9, 1000, 123_456}) {
                for (int b : new int[] {0, 1, 2, 19, 70_000}) {
                    long k = FactorKeys.block(side, t, b);
                    assertEquals(side, FactorKeys.side(k));
                    assertEquals(t, FactorKeys.feature(k));
                    assertEquals(b, FactorKeys.block(k));
                    assertEquals(FactorKeys.column(side, t), FactorKeys.columnOf(k));
                }
            }
        }
    }

    @Test
    void columnKeysAreDistinctAndSmall() {
        assertEquals(0L, FactorKeys.column(FactorKeys.W, 0));
        assertEquals(1L, FactorKeys.column(FactorKeys.H, 0));
        assertEquals(6L, FactorKeys.column(FactorKeys.W, 3));
        assertEquals(0, FactorKeys.block(FactorKeys.column(FactorKeys.H, 7)));
    }

    @Test
    void rejectsBadParts() {
        assertThrows(IllegalArgumentException.class, () -> FactorKeys.column(2, 0));
        assertThrows(IllegalArgumentException.class, () -> FactorKeys.column(FactorKeys.W, -1));
        assertThrows(IllegalArgumentException.class, () -> FactorKeys.block(FactorKeys.W, 0, -1));
    }
}

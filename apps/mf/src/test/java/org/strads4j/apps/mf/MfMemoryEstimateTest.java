package org.strads4j.apps.mf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.strads4j.io.MemoryBudget;

class MfMemoryEstimateTest {
    @Test
    void everyWorkerHoldsBothFactorMatrices() {
        MfMemoryEstimate e = new MfMemoryEstimate(1_000, 2_000, 40_000, 10_000, 3, 30_000);
        long factors = 8L * 50 * (1_000 + 2_000);
        assertTrue(e.heapBytes(50) > 3 * factors, "three workers' W and H");
        assertTrue(e.heapBytes(50) < 12 * factors + 3 * MemoryBudget.NODE_BYTES + 100L * 40_000 + (16L << 20),
                "and not wildly more: " + e.heapBytes(50));
        assertTrue(new MfMemoryEstimate(1_000, 2_000, 40_000, 10_000, 4, 30_000).heapBytes(50) > e.heapBytes(50));
    }

    @Test
    void aHugeRankIsToBlameAndOverflowsTheDataRegion() {
        MfMemoryEstimate e = new MfMemoryEstimate(1_000, 2_000, 40_000, 10_000, 1, 80_000);
        assertTrue(2 * e.rankBytes(100_000) > e.heapBytes(100_000));
        assertTrue(2 * e.rankBytes(10) < e.heapBytes(10));
        assertTrue(e.nodeStoreBytes(100_000) > MemoryBudget.MAX_NODE_STORE_BYTES);
        assertTrue(e.nodeStoreBytes(10) < MemoryBudget.MAX_NODE_STORE_BYTES);
    }

    @Test
    void indexingCostsTensOfBytesPerRating() {
        long perRating = MfMemoryEstimate.indexingBytes(1_000_000, 0) / 1_000_000;
        assertTrue(perRating >= 40 && perRating <= 80, perRating + " bytes per rating");
    }
}

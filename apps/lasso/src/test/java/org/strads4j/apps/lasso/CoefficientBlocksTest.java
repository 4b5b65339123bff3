package org.strads4j.apps.lasso;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.strads4j.api.ParamStore;

/**
 * Coefficients stored as blocks: only the blocks of changed coefficients are written, each a
 * snapshot of the model's nonzero coefficients at the write, and reading them back gives every
 * coefficient, the short last block included. Entries that are not this model's blocks are
 * refused, naming the key. The param-server Lasso's dense blocks read back too.
 */
class CoefficientBlocksTest {
    private static final int B = CoefficientBlocks.BLOCK;

    @Test
    void writesOnlyTheBlocksOfChangedCoefficientsAsTheirNonzerosAndReadsBackEveryCoefficient() {
        int p = 5 * B + 7;   // a short last block
        MapStore store = new MapStore();
        double[] b = new double[p];
        SplittableRandom rnd = new SplittableRandom(3);
        int[] changed = {3, 5, 2 * B, p - 1, p - 7};
        for (int j : changed) {
            b[j] = rnd.nextDouble(-1, 1);
        }
        b[2 * B + 9] = 0.25;   // nonzero, unchanged: its block is written whole
        CoefficientBlocks.write(store, b, changed, changed.length);
        assertEquals(Map.of(0L, 4, 2L, 4, 5L, 4), lengths(store.map), "blocks 0, 2 and the last, two nonzeros each");
        assertArrayEquals(new double[] {0, b[2 * B], 9, 0.25}, store.map.get(2L), 0.0, "(offset, value) pairs");
        assertArrayEquals(b, CoefficientBlocks.assembleSparse(store.map, p), 0.0);

        // a later write replaces its blocks with the values of then; the first snapshot is not aliased
        double before = b[3];
        b[3] = 0;
        b[5] = 0;
        b[B + 1] = 0.5;
        assertEquals(before, store.map.get(0L)[1], 0.0, "the stored block is a copy");
        CoefficientBlocks.write(store, b, new int[] {3, B + 1, 5, 99_999}, 3);   // only the first three count
        assertEquals(0, store.map.get(0L).length, "a block gone to zero is written, empty");
        assertEquals(4, store.map.size());
        assertArrayEquals(b, CoefficientBlocks.assembleSparse(store.map, p), 0.0);
    }

    @Test
    void refusesEntriesThatAreNotSparseBlocksOfThisModel() {
        int p = 2 * B + 10;
        for (Map<Long, Object> foreign : java.util.List.<Map<Long, Object>>of(
                Map.of(7L, 1.5),                           // a coefficient stored alone
                Map.of(1L, new double[] {3, 1.0, 2}),      // an odd length
                Map.of(1L, new double[] {5, 1.0, 5, 2.0}), // offsets not ascending
                Map.of(2L, new double[] {10, 1.0}),        // beyond the short last block
                Map.of(0L, new double[] {0.5, 1.0}),       // not an offset
                Map.of(3L, new double[0]),                 // beyond the model
                Map.of(-1L, new double[0]))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> CoefficientBlocks.assembleSparse(foreign, p));
            long key = foreign.keySet().iterator().next();
            assertTrue(e.getMessage().contains("key " + key + " "), e.getMessage());
            assertTrue(e.getMessage().contains("p = " + p), e.getMessage());
        }
    }

    @Test
    void assemblesBlocksWhoseKeysStartElsewhere() {
        int p = 2 * 1024 + 1;
        Map<Long, double[]> blocks = new LinkedHashMap<>();
        double[] last = {4.0};
        blocks.put(100L + 2, last);
        double[] b = CoefficientBlocks.assemble(blocks, 100, 1024, p);
        assertEquals(4.0, b[p - 1], 0.0);
        assertEquals(1, java.util.Arrays.stream(b).filter(v -> v != 0).count());
    }

    @Test
    void refusesEntriesThatAreNotDenseBlocksOfThisModel() {
        int p = 3 * B;
        for (Map<Long, Object> foreign : java.util.List.<Map<Long, Object>>of(
                Map.of(7L, 1.5),                     // a coefficient stored alone
                Map.of(1L, new double[B - 1]),       // a block of the wrong length
                Map.of(3L, new double[B]),           // beyond the model
                Map.of(-1L, new double[B]))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> CoefficientBlocks.assemble(foreign, 0, B, p));
            long key = foreign.keySet().iterator().next();
            assertTrue(e.getMessage().contains("key " + key + " "), e.getMessage());
            assertTrue(e.getMessage().contains("p = " + p), e.getMessage());
        }
    }

    private static Map<Long, Integer> lengths(Map<Long, double[]> blocks) {
        Map<Long, Integer> out = new HashMap<>();
        blocks.forEach((k, v) -> out.put(k, v.length));
        return out;
    }

    /** A parameter store in a map: what the coordinator's store keeps between flushes. */
    private static final class MapStore implements ParamStore<double[]> {
        final Map<Long, double[]> map = new HashMap<>();

        @Override
        public double[] get(long key) {
            return map.get(key);
        }

        @Override
        public Map<Long, double[]> getAll(long[] keys) {
            Map<Long, double[]> out = new HashMap<>();
            for (long k : keys) {
                if (map.containsKey(k)) {
                    out.put(k, map.get(k));
                }
            }
            return out;
        }

        @Override
        public Map<Long, double[]> entries() {
            return new HashMap<>(map);
        }

        @Override
        public void put(long key, double[] value) {
            map.put(key, value);
        }

        @Override
        public void putAll(Map<Long, ? extends double[]> values) {
            map.putAll(values);
        }
    }
}

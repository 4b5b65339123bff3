package org.strads4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.junit.jupiter.api.Test;
import org.strads4j.api.BadInputException;
import org.strads4j.cluster.EmbeddedCluster;

class MemoryBudgetTest {
    private static final long GB = 1L << 30;

    @Test
    void arraySizesAreHeaderPlusElementsRoundedToEightBytes() {
        assertEquals(16, MemoryBudget.ints(0));
        assertEquals(24, MemoryBudget.ints(1));
        assertEquals(24, MemoryBudget.ints(2));
        assertEquals(32, MemoryBudget.ints(3));
        assertEquals(16 + 8 * 1000, MemoryBudget.doubles(1000));
        assertEquals(16 + 8 * 3, MemoryBudget.longs(3));
        assertEquals(24, MemoryBudget.bytes(5));
        assertEquals(16 + 4 * 10, MemoryBudget.references(10));
        assertEquals(Long.MAX_VALUE, MemoryBudget.doubles(Long.MAX_VALUE / 2));
        assertEquals(Long.MAX_VALUE, MemoryBudget.saturatedMultiply(1L << 40, 1L << 30));
        assertEquals(Long.MAX_VALUE, MemoryBudget.saturatedAdd(Long.MAX_VALUE - 1, 5));
    }

    @Test
    void shortfallSaysWhatIsNeededWhatIsFreeAndWhatToSet() {
        assertEquals("needs about 9.6 GB of heap, but only 2.9 GB of the 3.0 GB maximum is free; raise the maximum"
                        + " with STRADS_JAVA_OPTS=-Xmx10g",
                MemoryBudget.shortfall((long) (9.6 * GB), (long) (2.9 * GB), 3 * GB));
        assertTrue(MemoryBudget.shortfall(100L << 20, 50L << 20, 60L << 20).endsWith("-Xmx1g"));
    }

    @Test
    void requireLetsWhatFitsThroughAndRefusesWhatCannot() {
        MemoryBudget.require("a small job", 1 << 20);
        assertNull(MemoryBudget.shortfall(1 << 20));
        long tooMuch = Runtime.getRuntime().maxMemory() + GB;
        BadInputException e = assertThrows(BadInputException.class, () -> MemoryBudget.require("data.svm: the job", tooMuch));
        assertTrue(e.getMessage().startsWith("data.svm: the job needs about "), e.getMessage());
        assertTrue(e.getMessage().contains("STRADS_JAVA_OPTS=-Xmx"), e.getMessage());
    }

    @Test
    void formatsBytesInHumanUnits() {
        assertEquals("3.7 GB", MemoryBudget.format((long) (3.7 * GB)));
        assertEquals("812 MB", MemoryBudget.format(812L << 20));
        assertEquals("2 KB", MemoryBudget.format(2048));
        assertEquals("1 KB", MemoryBudget.format(3));
    }

    @Test
    void aNodeStoreBeyondTheDataRegionIsRefused() {
        MemoryBudget.requireNodeStoreFits("shard", MemoryBudget.MAX_NODE_STORE_BYTES, "use more --nodes");
        BadInputException e = assertThrows(BadInputException.class, () -> MemoryBudget.requireNodeStoreFits(
                "data.svm: worker 0's shard", MemoryBudget.MAX_NODE_STORE_BYTES + 1, "use more --nodes"));
        assertEquals("data.svm: worker 0's shard takes about 384 MB off-heap on its node, more than the 384 MB a job"
                + " may store in a node's 512 MB data region (ignite-config/embedded.xml); use more --nodes", e.getMessage());
    }

    @Test
    void readersThatRunOutOfHeapNameTheLine() {
        BadInputException e = MemoryBudget.doesNotFit(Path.of("big.svm"), 7, "3 rows read");
        assertTrue(e.getMessage().startsWith("big.svm:7: the data does not fit in the heap (3 rows read; the maximum"
                + " heap is "), e.getMessage());
        assertTrue(e.getMessage().contains("STRADS_JAVA_OPTS=-Xmx"), e.getMessage());
    }

    @Test
    void theDataRegionSizeIsTheEmbeddedNodeConfigurations() {
        IgniteConfiguration cfg = EmbeddedCluster.loadConfig(EmbeddedCluster.CONFIG_RESOURCE);
        assertEquals(MemoryBudget.DATA_REGION_BYTES,
                cfg.getDataStorageConfiguration().getDefaultDataRegionConfiguration().getMaxSize());
    }
}

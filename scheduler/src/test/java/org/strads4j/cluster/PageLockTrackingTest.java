package org.strads4j.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.Field;
import org.apache.ignite.internal.IgniteEx;
import org.apache.ignite.internal.processors.cache.persistence.diagnostic.pagelocktracker.PageLockTrackerManager;
import org.junit.jupiter.api.Test;

/**
 * Nodes Strads4J starts track no page locks: Ignite's tracker, on seeing a lock held a minute
 * ("Threads hanged"), writes a dump into IGNITE_HOME/work, which without IGNITE_HOME is the user's
 * current directory (a run under load left {@code ignite/work/diagnostic/page_lock_dump_*} there).
 */
class PageLockTrackingTest {
    @Test
    void embeddedNodesTrackNoPageLocksSoNothingIsDumpedIntoTheWorkingDirectory() throws Exception {
        try (EmbeddedCluster cluster = EmbeddedCluster.start(1)) {
            assertEquals("-1", System.getProperty("IGNITE_PAGE_LOCK_TRACKER_TYPE"));
            PageLockTrackerManager tracker = ((IgniteEx) cluster.coordinator()).context().cache().context()
                    .diagnostic().pageLockTracker();
            Field enabled = PageLockTrackerManager.class.getDeclaredField("trackingEnabled");
            enabled.setAccessible(true);
            assertFalse(enabled.getBoolean(tracker), "Ignite's page-lock tracker is off");
        }
    }
}

package org.strads4j.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** What the console filter drops: named Ignite noise, in the situations it is noise, and nothing else. */
class IgniteLogFilterTest {
    private static LogRecord record(String logger, String message) {
        LogRecord r = new LogRecord(Level.WARNING, message);
        r.setLoggerName(logger);
        return r;
    }

    @Test
    void theRamWarningIsDroppedOnlyForNodesThatShareAJvm() {
        IgniteLogFilter f = new IgniteLogFilter();
        String msg = "Nodes started on local machine require more than 80% of physical RAM available";
        assertFalse(f.isLoggable(record("org.apache.ignite.internal.IgniteKernal%" + EmbeddedCluster.INSTANCE_PREFIX
                + "x-1", msg)));
        assertTrue(f.isLoggable(record("org.apache.ignite.internal.IgniteKernal%strads-node-1", msg)));
    }

    @Test
    void aFailedSocketShutdownIsDroppedOnlyWhileStradsStopsItsOwnNodes() {
        IgniteLogFilter f = new IgniteLogFilter();
        LogRecord socket = record("org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi", "Failed to shutdown socket");
        assertTrue(f.isLoggable(socket), "outside an orderly stop it may mean something");
        IgniteLogFilter.ownStop(true);
        try {
            assertFalse(f.isLoggable(socket));
            assertTrue(f.isLoggable(record("org.strads4j.x", "Failed to shutdown socket")), "not Ignite's");
            assertTrue(f.isLoggable(record("org.apache.ignite.X", "Failed to send message")), "other warnings pass");
        } finally {
            IgniteLogFilter.ownStop(false);
        }
        assertTrue(f.isLoggable(socket));
    }
}

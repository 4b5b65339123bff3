package org.strads4j.cluster;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Drops the Ignite warnings that are false or beside the point for the way Strads4J runs nodes,
 * and nothing else. Named in {@code bin/logging.properties} as the console handler's filter.
 *
 * <ul>
 *   <li>"Nodes started on local machine require more than 80% of physical RAM" from an embedded
 *       node: Ignite adds up the maximum heap of every node on the host, so N nodes in one JVM
 *       count its single heap N times (3 nodes with a 6 GB heap "need" 19.9 GB of 24 GB). Also
 *       from a client node ({@code strads submit}): it holds no data, and the servers' sum is
 *       theirs to report. Servers in separate JVMs still report it, where the sum is real.</li>
 *   <li>In a JVM whose only node is a Strads4J client: "Received state finish message with
 *       unexpected ID" (a joining client sees the servers' start-up activation finish again) and
 *       "Will cancel unfinished tasks due to stopping of the grid" (a client leaving before its
 *       job ends, as {@code submit --detach} does: the job's coordinator is master-leave aware and
 *       goes on).</li>
 *   <li>While Strads4J stops the nodes of an embedded cluster itself: "Failed to shutdown socket"
 *       (a node closing its end of a connection the departed peer already closed; seen with 9
 *       nodes on 2 cores).</li>
 * </ul>
 */
public final class IgniteLogFilter implements Filter {
    private static final String RAM_WARNING = "Nodes started on local machine require more than 80% of physical RAM";
    private static final String[] CLIENT_NOISE = {
        "Received state finish message with unexpected ID",
        "Will cancel unfinished tasks due to stopping of the grid",
    };

    private static final String SOCKET_SHUTDOWN = "Failed to shutdown socket";

    private static volatile boolean clientProcess;
    private static final java.util.concurrent.atomic.AtomicInteger OWN_STOPS =
            new java.util.concurrent.atomic.AtomicInteger();

    /** Marks this JVM as one whose node is a Strads4J client node (the submit, status, ... commands). */
    static void clientProcess() {
        clientProcess = true;
    }

    /** Marks the start ({@code true}) and end of an orderly stop of embedded nodes by Strads4J. */
    static void ownStop(boolean starting) {
        OWN_STOPS.addAndGet(starting ? 1 : -1);
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        String logger = record.getLoggerName();
        String message = record.getMessage();
        if (logger == null || message == null) {
            return true;
        }
        if (message.startsWith(RAM_WARNING) && (logger.contains("%" + EmbeddedCluster.INSTANCE_PREFIX)
                || logger.contains("%" + ClientNode.INSTANCE_PREFIX))) {
            return false;
        }
        if (OWN_STOPS.get() > 0 && message.startsWith(SOCKET_SHUTDOWN) && logger.startsWith("org.apache.ignite.")) {
            return false;
        }
        if (clientProcess && logger.startsWith("org.apache.ignite.")) {
            for (String noise : CLIENT_NOISE) {
                if (message.startsWith(noise)) {
                    return false;
                }
            }
        }
        return true;
    }
}

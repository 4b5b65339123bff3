package org.strads4j.cluster;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Drops the one Ignite warning that is false for nodes in one JVM: "Nodes started on local machine
 * require more than 80% of physical RAM". Ignite adds up the maximum heap of every node on the
 * host, so N embedded nodes count this JVM's single heap N times (3 nodes with a 6 GB heap "need"
 * 19.9 GB on a 24 GB machine). The warning stays for nodes in separate JVMs, where the sum is real.
 *
 * <p>Named in {@code bin/logging.properties} as the console handler's filter; it only matches
 * records of nodes whose instance name starts with {@link EmbeddedCluster#INSTANCE_PREFIX}.
 */
public final class EmbeddedLogFilter implements Filter {
    private static final String RAM_WARNING = "Nodes started on local machine require more than 80% of physical RAM";

    @Override
    public boolean isLoggable(LogRecord record) {
        String logger = record.getLoggerName();
        String message = record.getMessage();
        return !(logger != null && message != null && logger.contains("%" + EmbeddedCluster.INSTANCE_PREFIX)
                && message.startsWith(RAM_WARNING));
    }
}

package org.strads4j.cluster;

import java.util.UUID;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteException;
import org.apache.ignite.Ignition;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.strads4j.api.BadInputException;
import org.strads4j.io.ShutdownCleanup;

/**
 * A client node of a running cluster, for the commands that talk to one ({@code submit},
 * {@code status}, {@code cancel}, {@code fetch}): started from a node configuration
 * ({@code ignite-config/client.xml} by default), given up on with a clear message when no server
 * answers within the join timeout, and stopped when closed or when the JVM is signalled.
 */
public final class ClientNode implements AutoCloseable {
    /** Instance names of client nodes start with this. */
    public static final String INSTANCE_PREFIX = "strads-client-";

    private final Ignite ignite;
    private final ShutdownCleanup.Registration cleanup;

    private ClientNode(Ignite ignite) {
        this.ignite = ignite;
        this.cleanup = ShutdownCleanup.register(ShutdownCleanup.Phase.CLUSTER, "the client node " + ignite.name(),
                () -> Ignition.stop(ignite.name(), true));
    }

    /**
     * Joins the cluster that {@code config} names, as a client.
     *
     * @param joinTimeoutMillis how long to look for a server before giving up
     * @throws BadInputException when the configuration is missing or broken, or no server answers
     */
    public static ClientNode start(String config, long joinTimeoutMillis) {
        IgniteConfiguration cfg = NodeConfigs.load(config);
        if (!Boolean.TRUE.equals(cfg.isClientMode())) {
            throw new BadInputException("Invalid --config: " + config + " (not a client node configuration; use"
                    + " ignite-config/client.xml or one like it)");
        }
        EmbeddedCluster.quietClient();
        IgniteLogFilter.clientProcess();
        NodeConfigs.stopNodeNotJvm(cfg);
        cfg.setIgniteInstanceName(INSTANCE_PREFIX + UUID.randomUUID().toString().substring(0, 8));
        TcpDiscoverySpi discovery = (TcpDiscoverySpi) cfg.getDiscoverySpi();
        discovery.setJoinTimeout(joinTimeoutMillis);
        try {
            return new ClientNode(Ignition.start(cfg));
        } catch (IgniteException e) {
            String hint = cfg.getSslContextFactory() != null
                    ? "; with TLS, the servers must trust this node's certificate (strads.ssl.keystore) and its trust"
                            + " store (strads.ssl.truststore) theirs"
                    : "; a cluster of secure-server.xml nodes takes only secure-client.xml clients";
            throw new BadInputException("no Strads4J cluster answered at "
                    + discovery.getIpFinder().getRegisteredAddresses().stream().findFirst()
                            .map(a -> a.getHostString() + ":" + a.getPort() + "...").orElse("(no addresses)")
                    + " within " + joinTimeoutMillis / 1000 + " s (" + config + "; start servers with bin/strads node,"
                    + " or set strads.discovery.addresses" + hint + ")");
        }
    }

    /** The client node. */
    public Ignite ignite() {
        return ignite;
    }

    /** Number of server nodes in the cluster now. */
    public int servers() {
        return ignite.cluster().forServers().nodes().size();
    }

    @Override
    public void close() {
        try {
            Ignition.stop(ignite.name(), true);
        } finally {
            cleanup.close();
        }
    }
}

package org.strads4j.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.strads4j.api.BadInputException;
import org.strads4j.cluster.EmbeddedCluster;
import org.strads4j.cluster.NodeConfigs;
import org.strads4j.io.ShutdownCleanup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code strads node [--config FILE]}: one Ignite server node in the foreground, with every
 * Strads4J app on its class path, until SIGTERM or SIGINT stops it.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = {"Run one server node of a multi-process cluster in the foreground.",
            "SIGTERM or SIGINT stops it.",
            "Addresses, ports, memory and pools come from the configuration, overridable by strads.* system",
            "properties (STRADS_JAVA_OPTS=-Dstrads.discovery.port=48500) or STRADS_* environment variables",
            "(STRADS_DISCOVERY_PORT=48500); see ignite-config/base.xml."})
public final class NodeCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Server node configuration (default: ${DEFAULT-VALUE}; a file, else the bundled copy).")
    String config = "ignite-config/server.xml";

    @Override
    public Integer call() throws InterruptedException {
        IgniteConfiguration cfg = NodeConfigs.load(config);
        if (Boolean.TRUE.equals(cfg.isClientMode())) {
            throw new BadInputException("Invalid --config: " + config + " (a client configuration; a node needs a server"
                    + " one such as ignite-config/server.xml)");
        }
        EmbeddedCluster.quietClient();
        Ignite node = Ignition.start(cfg);
        CountDownLatch stopped = new CountDownLatch(1);
        ShutdownCleanup.register(ShutdownCleanup.Phase.CLUSTER, "this server node", () -> {
            Ignition.stop(node.name(), true);
            System.err.println("strads: node stopped");
            stopped.countDown();
        });
        TcpDiscoverySpi discovery = (TcpDiscoverySpi) node.configuration().getDiscoverySpi();
        TcpCommunicationSpi communication = (TcpCommunicationSpi) node.configuration().getCommunicationSpi();
        System.err.printf("strads: node %s up (%s): discovery %s:%d, communication port %d; %d server node(s) in the"
                        + " cluster; stop it with SIGTERM or Ctrl-C%n", node.cluster().localNode().consistentId(), config,
                node.configuration().getLocalHost(), discovery.getLocalPort(), communication.boundPort(),
                node.cluster().forServers().nodes().size());
        stopped.await();
        return 0;
    }
}

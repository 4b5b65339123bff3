package org.strads4j.cli;

import org.strads4j.cluster.ClientNode;
import picocli.CommandLine.Option;

/** How the commands that talk to a running cluster reach it (a picocli mixin). */
public final class ClusterOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Client node configuration (default: ${DEFAULT-VALUE}; a file, else the bundled copy)."
                    + " Addresses and ports: strads.* system properties or STRADS_* environment variables.")
    public String config = "ignite-config/client.xml";

    @Option(names = "--join-timeout", paramLabel = "SECONDS", description = "Give up when no server answers within"
            + " this many seconds (default: ${DEFAULT-VALUE}).")
    public int joinTimeoutSeconds = 20;

    /** Joins the cluster as a client. */
    public ClientNode connect() {
        return ClientNode.start(config, joinTimeoutSeconds * 1000L);
    }
}

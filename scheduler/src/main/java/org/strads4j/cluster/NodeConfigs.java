package org.strads4j.cluster;

import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import org.apache.ignite.IgniteCheckedException;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.failure.StopNodeFailureHandler;
import org.apache.ignite.internal.IgnitionEx;
import org.strads4j.api.BadInputException;

/**
 * Reads the Spring XML node configurations of {@code ignite-config/}: from a file a user names
 * ({@code --config ignite-config/server.xml}) or from the class path (where the ignite-config
 * module puts them, under {@code ignite-config/}). Placeholders {@code ${strads.x:default}} resolve
 * from system properties, then environment variables ({@code STRADS_X}), then the default.
 */
public final class NodeConfigs {
    /**
     * The classes a Strads4J node lets Ignite deserialise from the network besides Ignite's own and
     * the JDK's: a class-path resource of the ignite-config module (or a file of that name).
     */
    public static final String CLASS_ALLOWLIST = "ignite-config/class-allowlist.txt";

    private static final String ALLOWLIST_PROPERTY = "IGNITE_MARSHALLER_WHITELIST";

    private NodeConfigs() {
    }

    /**
     * Limits what Ignite deserialises in this JVM to the classes of {@link #CLASS_ALLOWLIST} (plus
     * Ignite's and the JDK's), unless the user named an allow-list of their own with
     * {@code -DIGNITE_MARSHALLER_WHITELIST=FILE}. Must run before the first node of the JVM starts;
     * {@link #load} and every node Strads4J starts call it.
     */
    public static void restrictDeserialisation() {
        if (System.getProperty(ALLOWLIST_PROPERTY) == null && System.getenv(ALLOWLIST_PROPERTY) == null) {
            System.setProperty(ALLOWLIST_PROPERTY, CLASS_ALLOWLIST);
        }
    }

    /**
     * A node that shares its JVM with a user's command (a client node, the nodes of an embedded
     * cluster) must never halt that JVM: Ignite's default failure handler halts the process when a
     * system thread of the node ends (as the discovery thread of a client the servers refuse does),
     * which skips every cleanup. Such a node is stopped instead and the command fails cleanly. A
     * handler the configuration names itself is kept; {@code bin/strads node}, whose JVM is the
     * node, keeps Ignite's default.
     *
     * @return {@code cfg}
     */
    public static IgniteConfiguration stopNodeNotJvm(IgniteConfiguration cfg) {
        if (cfg.getFailureHandler() == null) {
            cfg.setFailureHandler(new StopNodeFailureHandler());
        }
        return cfg;
    }

    /**
     * The configuration {@code where} names: an existing file, else a class-path resource (such as
     * {@code ignite-config/server.xml}). A missing or broken file is bad input.
     */
    public static IgniteConfiguration load(String where) {
        restrictDeserialisation();
        Path file = Path.of(where);
        if (Files.isRegularFile(file)) {
            try {
                return load(file.toUri().toURL(), file.toString());
            } catch (MalformedURLException e) {
                throw new BadInputException(file, "not a valid location: " + e.getMessage());
            }
        }
        URL url = NodeConfigs.class.getClassLoader().getResource(where);
        if (url == null) {
            throw new BadInputException("Invalid --config: " + where + " (no such file)");
        }
        return load(url, where);
    }

    /** The single concrete IgniteConfiguration bean of the Spring XML at {@code url}. */
    static IgniteConfiguration load(URL url, String name) {
        try {
            Collection<IgniteConfiguration> cfgs = IgnitionEx.loadConfigurations(url).get1();
            if (cfgs.size() != 1) {
                throw new BadInputException("Invalid --config: " + name + " (defines " + cfgs.size()
                        + " concrete IgniteConfiguration beans; a node needs exactly 1)");
            }
            return cfgs.iterator().next();
        } catch (IgniteCheckedException | RuntimeException e) {
            if (e instanceof BadInputException b) {
                throw b;
            }
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new BadInputException("Invalid --config: " + name + " (cannot read it: " + root.getMessage() + ")");
        }
    }
}

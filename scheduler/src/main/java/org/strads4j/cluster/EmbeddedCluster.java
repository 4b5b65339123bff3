package org.strads4j.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCheckedException;
import org.apache.ignite.Ignition;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.internal.IgniteEx;
import org.apache.ignite.internal.IgnitionEx;
import org.apache.ignite.internal.processors.cache.GridCachePartitionExchangeManager;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.apache.ignite.spi.discovery.tcp.ipfinder.vm.TcpDiscoveryVmIpFinder;
import org.strads4j.api.BadInputException;
import org.strads4j.io.OutputDirectory;
import org.strads4j.io.ShutdownCleanup;

/**
 * N Ignite server nodes in this JVM, on 127.0.0.1, from the node configuration
 * {@code ignite-config/embedded.xml} (on the class path).
 *
 * <p>Each cluster takes its own discovery and communication port range, probed free at start, so
 * two runs or two test JVMs never join each other. Node 0 doubles as the coordinator's handle on
 * the cluster. Close it to stop every node (Ignite threads are non-daemon).
 *
 * <pre>{@code
 * try (EmbeddedCluster cluster = EmbeddedCluster.start(3)) {
 *     Ignite ignite = cluster.coordinator();
 *     ...
 * }
 * }</pre>
 */
public final class EmbeddedCluster implements StradsCluster {
    /** The node configuration resource every embedded node starts from. */
    public static final String CONFIG_RESOURCE = "ignite-config/embedded.xml";

    /** The most server nodes one embedded cluster starts (the width of its port ranges). */
    public static final int MAX_NODES = 20;

    /** Instance names of embedded nodes start with this (see {@link IgniteLogFilter}). */
    public static final String INSTANCE_PREFIX = "strads-embedded-";

    /** Work directories are named {@code strads-ignite-PID-...} in the temporary directory. */
    private static final String WORK_DIR_PREFIX = "strads-ignite-";

    /**
     * Width of each port range: twice the node count, so that a port taken by another process
     * between the probe and the bind costs a node its first choice, not its start.
     */
    private static final int RANGE = 2 * MAX_NODES;

    private final List<Ignite> nodes;
    private final Path workDir;
    private final ShutdownCleanup.Registration cleanup;
    private boolean closed;

    private EmbeddedCluster(List<Ignite> nodes, Path workDir) {
        this.nodes = nodes;
        this.workDir = workDir;
        this.cleanup = ShutdownCleanup.register(ShutdownCleanup.Phase.CLUSTER,
                "Ignite nodes and their work directory " + workDir, this::stopAndDelete);
    }

    /** Starts {@code n} server nodes on a free port range. */
    public static EmbeddedCluster start(int n) {
        if (n < 1 || n > MAX_NODES) {
            throw new BadInputException("Invalid --nodes: " + n + " (must be 1.." + MAX_NODES
                    + ": an embedded cluster starts at most " + MAX_NODES + " nodes in this JVM)");
        }
        quietIgnite();
        removeStaleWorkDirs();
        int discoveryBase = freeRange(2 * RANGE);
        int communicationBase = discoveryBase + RANGE;
        String name = INSTANCE_PREFIX + UUID.randomUUID().toString().substring(0, 8);
        Path workDir;
        try {
            workDir = Files.createTempDirectory(WORK_DIR_PREFIX + ProcessHandle.current().pid() + "-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create an Ignite work directory", e);
        }
        List<Ignite> started = new ArrayList<>();
        // Until the cluster object exists, a signal must still stop what has started.
        ShutdownCleanup.Registration starting = ShutdownCleanup.register(ShutdownCleanup.Phase.CLUSTER,
                "Ignite nodes starting in " + workDir, () -> {
                    stopAll(snapshot(started));
                    deleteWorkDir(workDir);
                });
        try {
            Ignite first = Ignition.start(nodeConfig(name, 0, discoveryBase, communicationBase, workDir));
            synchronized (started) {
                started.add(first);
            }
            if (n > 1) {
                startRest(n, name, discoveryBase, communicationBase, workDir, started);
            }
            return new EmbeddedCluster(List.copyOf(started), workDir);
        } catch (RuntimeException e) {
            stopAll(snapshot(started));
            deleteWorkDir(workDir);
            throw e;
        } finally {
            starting.close();
        }
    }

    private static List<Ignite> snapshot(List<Ignite> started) {
        synchronized (started) {
            return new ArrayList<>(started);
        }
    }

    /**
     * The most rounds a job may pipeline on embedded nodes: a worker's rounds wait in order in a
     * node's public thread pool, so {@code publicThreadPoolSize - 2} (read from the node
     * configuration, without starting a node).
     */
    public static int maxStaleness() {
        return loadConfig(CONFIG_RESOURCE).getPublicThreadPoolSize() - 2;
    }

    /**
     * Removes the work directories that embedded clusters of processes no longer running left in
     * the temporary directory (a JVM killed with SIGKILL cannot clean up after itself). Only
     * directories named {@code strads-ignite-PID-*} whose process is gone are touched.
     */
    static void removeStaleWorkDirs() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, WORK_DIR_PREFIX + "*")) {
            for (Path d : dirs) {
                String rest = d.getFileName().toString().substring(WORK_DIR_PREFIX.length());
                int dash = rest.indexOf('-');
                if (dash <= 0 || !Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try {
                    long pid = Long.parseLong(rest.substring(0, dash));
                    if (ProcessHandle.of(pid).isEmpty()) {
                        deleteWorkDir(d);
                    }
                } catch (NumberFormatException e) {
                    // not one of ours
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: a stale directory is harmless
        }
    }

    private static void startRest(int n, String name, int discoveryBase, int communicationBase,
                                  Path workDir, List<Ignite> started) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(n - 1, 4));
        try {
            List<Future<Ignite>> futures = new ArrayList<>();
            for (int i = 1; i < n; i++) {
                IgniteConfiguration cfg = nodeConfig(name, i, discoveryBase, communicationBase, workDir);
                futures.add(pool.submit(() -> Ignition.start(cfg)));
            }
            RuntimeException failure = null;
            for (Future<Ignite> f : futures) {
                try {
                    Ignite node = f.get();
                    synchronized (started) {
                        started.add(node);
                    }
                } catch (Exception e) {
                    failure = new IllegalStateException("an Ignite node failed to start", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdown();
        }
    }

    /** The node configuration of node {@code index}, from the XML plus this run's ports. */
    static IgniteConfiguration nodeConfig(String clusterName, int index, int discoveryBase,
                                          int communicationBase, Path workDir) {
        IgniteConfiguration cfg = NodeConfigs.stopNodeNotJvm(loadConfig(CONFIG_RESOURCE));
        cfg.setIgniteInstanceName(clusterName + "-" + index);
        cfg.setConsistentId(clusterName + "-" + index);
        cfg.setWorkDirectory(workDir.resolve("node-" + index).toString());
        TcpDiscoveryVmIpFinder finder = new TcpDiscoveryVmIpFinder();
        finder.setAddresses(List.of("127.0.0.1:" + discoveryBase + ".." + (discoveryBase + RANGE - 1)));
        TcpDiscoverySpi discovery = (TcpDiscoverySpi) cfg.getDiscoverySpi();
        discovery.setIpFinder(finder);
        discovery.setLocalPort(discoveryBase);
        discovery.setLocalPortRange(RANGE);
        TcpCommunicationSpi communication = (TcpCommunicationSpi) cfg.getCommunicationSpi();
        communication.setLocalPort(communicationBase);
        communication.setLocalPortRange(RANGE);
        return cfg;
    }

    /** Loads the single IgniteConfiguration bean of a Spring XML resource on the class path. */
    public static IgniteConfiguration loadConfig(String resource) {
        return NodeConfigs.load(resource);
    }

    /**
     * Ignite's banner, update check and hints off for a client node, which stops itself on
     * signals; deserialisation limited to the allow-list.
     */
    public static void quietClient() {
        NodeConfigs.restrictDeserialisation();
        System.setProperty("IGNITE_QUIET", System.getProperty("IGNITE_QUIET", "true"));
        System.setProperty("IGNITE_NO_ASCII", System.getProperty("IGNITE_NO_ASCII", "true"));
        System.setProperty("IGNITE_UPDATE_NOTIFIER", System.getProperty("IGNITE_UPDATE_NOTIFIER", "false"));
        System.setProperty("IGNITE_PERFORMANCE_SUGGESTIONS_DISABLED",
                System.getProperty("IGNITE_PERFORMANCE_SUGGESTIONS_DISABLED", "true"));
        System.setProperty("IGNITE_NO_SHUTDOWN_HOOK", System.getProperty("IGNITE_NO_SHUTDOWN_HOOK", "true"));
        System.setProperty("java.net.preferIPv4Stack", "true");
        // A server node (bin/strads node) that finds a system thread blocked would dump page locks
        // into IGNITE_HOME/work, without IGNITE_HOME the current directory: never a user's directory.
        System.setProperty("IGNITE_DUMP_PAGE_LOCK_ON_FAILURE",
                System.getProperty("IGNITE_DUMP_PAGE_LOCK_ON_FAILURE", "false"));
        noPageLockTracking();
    }

    /**
     * Ignite's page-lock tracker, when it sees a thread hold a page lock for a minute ("Threads
     * hanged", as a long solve on a busy 2-core machine can cause), writes a dump to
     * IGNITE_HOME/work/diagnostic, without IGNITE_HOME into the current directory: a user's
     * directory gains {@code ignite/work/diagnostic/page_lock_dump_*}. Tracking is off unless
     * the user turns it on ({@code -DIGNITE_PAGE_LOCK_TRACKER_TYPE=2}).
     */
    static void noPageLockTracking() {
        System.setProperty("IGNITE_PAGE_LOCK_TRACKER_TYPE",
                System.getProperty("IGNITE_PAGE_LOCK_TRACKER_TYPE", "-1"));
    }

    /**
     * Ignite's start-up banner, update check and hints off unless the user set them;
     * deserialisation limited to the allow-list.
     */
    public static void quietIgnite() {
        NodeConfigs.restrictDeserialisation();
        System.setProperty("IGNITE_QUIET", System.getProperty("IGNITE_QUIET", "true"));
        System.setProperty("IGNITE_NO_ASCII", System.getProperty("IGNITE_NO_ASCII", "true"));
        System.setProperty("IGNITE_UPDATE_NOTIFIER", System.getProperty("IGNITE_UPDATE_NOTIFIER", "false"));
        System.setProperty("IGNITE_PERFORMANCE_SUGGESTIONS_DISABLED",
                System.getProperty("IGNITE_PERFORMANCE_SUGGESTIONS_DISABLED", "true"));
        System.setProperty("java.net.preferIPv4Stack", "true");
        // Strads4J stops its nodes itself, in an order that does not trip the communication SPI,
        // and removes their work directories (org.strads4j.io.ShutdownCleanup).
        System.setProperty("IGNITE_NO_SHUTDOWN_HOOK", System.getProperty("IGNITE_NO_SHUTDOWN_HOOK", "true"));
        // A node that finds a system thread blocked (a busy 2-core machine) dumps page locks into
        // IGNITE_HOME/work, which without IGNITE_HOME is the current directory: not for embedded runs.
        System.setProperty("IGNITE_DUMP_PAGE_LOCK_ON_FAILURE",
                System.getProperty("IGNITE_DUMP_PAGE_LOCK_ON_FAILURE", "false"));
        noPageLockTracking();
        // N nodes in one JVM see the same GC pause N times ("Possible too long JVM pause"): the
        // detector is for a node per JVM.
        System.setProperty("IGNITE_JVM_PAUSE_DETECTOR_DISABLED",
                System.getProperty("IGNITE_JVM_PAUSE_DETECTOR_DISABLED", "true"));
    }

    /**
     * A base port such that {@code [base, base + width)} is free on 127.0.0.1, chosen below the
     * operating system's ephemeral port range where there is room: an outgoing connection (the
     * nodes' own connections to each other included) takes its local port from that range, and
     * could take one of ours between the probe and the node's bind.
     */
    static int freeRange(int width) {
        String fixed = System.getProperty("strads.portBase");
        if (fixed != null) {
            return Integer.parseInt(fixed);
        }
        int lowest = 20_000;
        int highest = ephemeralLow() - width;
        if (highest - lowest < 50 * width) {
            // no room below the ephemeral range: take any range above the well-known ports
            lowest = 10_000;
            highest = 65_000 - width;
        }
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = lowest + rnd.nextInt((highest - lowest) / width + 1) * width;
            if (rangeFree(base, width)) {
                return base;
            }
        }
        throw new IllegalStateException("no free port range of " + width + " found on 127.0.0.1");
    }

    /**
     * The lowest ephemeral port: Linux's {@code ip_local_port_range}, else 32768 (Linux's
     * default; below the IANA range 49152 that macOS and Windows use).
     */
    static int ephemeralLow() {
        // One buffered read: a sysctl file answers a read at a non-zero offset with end of file,
        // so Files.readString (which reads a zero-sized file byte by byte first) sees only "3".
        try (java.io.BufferedReader r = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            String[] range = r.readLine().trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    private static boolean rangeFree(int base, int width) {
        for (int p = base; p < base + width; p++) {
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Ignite coordinator() {
        return nodes.get(0);
    }

    @Override
    public List<ClusterNode> workers() {
        return serverNodes(coordinator());
    }

    /** The server nodes of a cluster in join order: worker {@code w} runs on element {@code w}. */
    public static List<ClusterNode> serverNodes(Ignite ignite) {
        List<ClusterNode> servers = new ArrayList<>(ignite.cluster().forServers().nodes());
        servers.sort(Comparator.comparingLong(ClusterNode::order));
        return servers;
    }

    /** The nodes of this cluster, in start order. */
    public List<Ignite> nodes() {
        return nodes;
    }

    @Override
    public String description() {
        return "embedded (" + nodes.size() + " server node" + (nodes.size() == 1 ? "" : "s") + " in-process)";
    }

    @Override
    public void close() {
        stopAndDelete();
        cleanup.close();
    }

    private synchronized void stopAndDelete() {
        if (closed) {
            return;
        }
        closed = true;
        stopAll(nodes);
        deleteWorkDir(workDir);
    }

    private static void deleteWorkDir(Path workDir) {
        try {
            OutputDirectory.deleteTree(workDir);
        } catch (java.io.UncheckedIOException e) {
            // a temp directory left behind is harmless
        }
    }

    /**
     * Stops the nodes youngest first, each only after the others have finished the partition
     * exchange the previous departure started. Stopping a node in the middle of an exchange makes
     * Ignite log "Got interrupted while waiting for future to complete" and "Failed to send message
     * (node left topology)" stack traces; waiting for each exchange (milliseconds with no caches)
     * keeps a normal shutdown silent at every node count.
     */
    private static void stopAll(List<Ignite> nodes) {
        IgniteLogFilter.ownStop(true);
        try {
            for (int i = nodes.size() - 1; i >= 0; i--) {
                try {
                    Ignition.stop(nodes.get(i).name(), true);
                } catch (RuntimeException e) {
                    // keep stopping the others; a node that cannot stop will be reported by Ignite
                }
                awaitExchanges(nodes.subList(0, i));
            }
        } finally {
            IgniteLogFilter.ownStop(false);
        }
    }

    /** Waits (at most 10 s) until each node has finished the exchange of its current topology. */
    private static void awaitExchanges(List<Ignite> nodes) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (Ignite node : nodes) {
            try {
                GridCachePartitionExchangeManager<?, ?> exchange =
                        ((IgniteEx) node).context().cache().context().exchange();
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                exchange.lastTopologyFuture().get(left);
            } catch (IgniteCheckedException | RuntimeException e) {
                // the node is stopping or the wait timed out: stop the rest anyway
            }
        }
    }
}

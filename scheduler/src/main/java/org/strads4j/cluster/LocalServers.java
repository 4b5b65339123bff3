package org.strads4j.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.strads4j.io.OutputDirectory;
import org.strads4j.io.ShutdownCleanup;

/**
 * Server nodes in separate JVMs on this host ({@code strads node}, one process each), on a port
 * range of their own: what the multi-process tests and the engine benchmark start, the way a user
 * would (the same main class, JVM flags, configuration and STRADS_* environment variables).
 * {@link #close()} stops every process it started (SIGTERM, then SIGKILL), also when a test failed,
 * and a JVM shutdown hook does the same if this JVM is stopped first.
 *
 * <pre>{@code
 * try (LocalServers servers = LocalServers.start(3, jvmFlagsFile)) {
 *     try (ClientNode client = servers.client()) { ... }
 * }
 * }</pre>
 */
public final class LocalServers implements AutoCloseable {
    private static final int RANGE = 20;

    private final int discoveryBase;
    private final int communicationBase;
    private final Path jvmOptions;
    private final String serverConfig;
    private final String clientConfig;
    private final Map<String, String> settings;
    private final Path logDir;
    private final List<Process> processes = new ArrayList<>();
    private final java.util.Set<Process> stopped = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ShutdownCleanup.Registration cleanup;

    private LocalServers(int discoveryBase, Path jvmOptions, String serverConfig, String clientConfig,
                         Map<String, String> settings, Path logDir) {
        this.discoveryBase = discoveryBase;
        this.communicationBase = discoveryBase + RANGE;
        this.jvmOptions = jvmOptions;
        this.serverConfig = serverConfig;
        this.clientConfig = clientConfig;
        this.settings = Map.copyOf(settings);
        this.logDir = logDir;
        this.cleanup = ShutdownCleanup.register(ShutdownCleanup.Phase.CLUSTER, "server node processes", this::stopAll);
    }

    /**
     * Starts {@code n} server JVMs and waits until all have joined one cluster.
     *
     * @param jvmOptions the file of JVM flags Ignite needs ({@code bin/jvm.options})
     */
    public static LocalServers start(int n, Path jvmOptions) {
        return start(n, jvmOptions, "ignite-config/server.xml", "ignite-config/client.xml", Map.of());
    }

    /**
     * Starts {@code n} server JVMs from {@code serverConfig} and waits until all have joined one
     * cluster, as a client of {@code clientConfig} sees it.
     *
     * @param settings more STRADS_* environment variables for the servers and for
     *                 {@link #environment()} (the TLS stores of secure-server.xml, say)
     */
    public static LocalServers start(int n, Path jvmOptions, String serverConfig, String clientConfig,
                                     Map<String, String> settings) {
        Path logs;
        try {
            logs = Files.createTempDirectory("strads-servers-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a log directory", e);
        }
        LocalServers s = new LocalServers(EmbeddedCluster.freeRange(2 * RANGE), jvmOptions, serverConfig,
                clientConfig, settings, logs);
        try {
            for (int i = 0; i < n; i++) {
                s.startOne();
            }
            s.awaitServers(n, 120);
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** The discovery addresses of this cluster, as {@code strads.discovery.addresses} takes them. */
    public String addresses() {
        return "127.0.0.1:" + discoveryBase + ".." + (discoveryBase + RANGE - 1);
    }

    /** The STRADS_* environment a node or client of this cluster needs. */
    public Map<String, String> environment() {
        Map<String, String> env = new java.util.HashMap<>(settings);
        env.putAll(Map.of("STRADS_DISCOVERY_ADDRESSES", addresses(),
                "STRADS_DISCOVERY_PORT", String.valueOf(discoveryBase),
                "STRADS_COMMUNICATION_PORT", String.valueOf(communicationBase),
                "STRADS_PORT_RANGE", String.valueOf(RANGE),
                "STRADS_DATA_REGION_MB", "256"));
        return Map.copyOf(env);
    }

    /** Starts one more server JVM (it joins the cluster; wait with {@link #awaitServers}). */
    public synchronized Process startOne() {
        return startOne(serverConfig);
    }

    /**
     * Starts one more server JVM from {@code config} ({@code ignite-config/gpu-server.xml} for a
     * node marked as having a GPU, say); it joins the cluster: wait with {@link #awaitServers}.
     */
    public synchronized Process startOne(String config) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("@" + jvmOptions);
        cmd.add("-Xmx768m");
        String logging = System.getProperty("java.util.logging.config.file");
        if (logging != null) {
            cmd.add("-Djava.util.logging.config.file=" + logging);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.strads4j.cli.Main");
        cmd.add("node");
        cmd.add("--config");
        cmd.add(config);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(environment());
        File log = logDir.resolve("node-" + processes.size() + ".log").toFile();
        pb.redirectErrorStream(true).redirectOutput(log);
        try {
            Process p = pb.start();
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a server node: " + e.getMessage(), e);
        }
    }

    /** Waits until {@code n} server nodes are in the cluster (as a client sees it). */
    public void awaitServers(int n, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            int up = 0;
            for (int i = 0; i < processes.size(); i++) {
                if (stopped.contains(processes.get(i))) {
                    continue;
                }
                if (!processes.get(i).isAlive()) {
                    throw new IllegalStateException("server node " + i + " exited with " + processes.get(i).exitValue()
                            + ":\n" + log(i));
                }
                if (log(i).contains("strads: node ") && log(i).contains(" up (")) {
                    up++;
                }
            }
            if (up >= n) {
                try (ClientNode c = client()) {
                    if (c.servers() >= n) {
                        return;
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(up + " of " + n + " server nodes came up within " + seconds + " s");
            }
            sleep(200);
        }
    }

    /**
     * A client node of this cluster, from its client configuration. Sets this JVM's strads.*
     * system properties to the cluster's {@link #environment()}, so that commands run in this JVM
     * afterwards ({@code submit}, {@code status}) find it too.
     */
    public ClientNode client() {
        environment().forEach((k, v) -> System.setProperty(k.toLowerCase(java.util.Locale.ROOT).replace('_', '.'), v));
        return ClientNode.start(clientConfig, 30_000);
    }

    /** The server processes, in start order. */
    public synchronized List<Process> processes() {
        return List.copyOf(processes);
    }

    /** What server node {@code i} has printed. */
    public String log(int i) {
        try {
            return Files.readString(logDir.resolve("node-" + i + ".log"));
        } catch (IOException e) {
            return "";
        }
    }

    /** Kills a server process with SIGKILL (a crash: nothing of it gets to clean up) and waits for it. */
    public void kill(Process p) {
        stopped.add(p);
        p.destroyForcibly();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a killed server process did not exit within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops server {@code i} with SIGTERM and waits for it (SIGKILL after 30 s). */
    public void stop(int i) {
        stopped.add(processes.get(i));
        stop(processes.get(i));
    }

    private static void stop(Process p) {
        if (!p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    private synchronized void stopAll() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            stop(p);
        }
    }

    @Override
    public void close() {
        stopAll();
        cleanup.close();
        OutputDirectory.deleteTree(logDir);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

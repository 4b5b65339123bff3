package org.strads4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strads4j.api.JobResult;
import org.strads4j.api.JobSpec;
import org.strads4j.cli.LibsCommand;
import org.strads4j.client.StradsClient;
import org.strads4j.cluster.ClientNode;

/**
 * The documented way to run Strads4J servers on a stock Apache Ignite 2.17 distribution: its
 * {@code libs/} holds Ignite's jars; {@code strads libs IGNITE_HOME/libs} adds the Strads4J jars and
 * their dependencies; {@code ignite.sh ignite-config/server.xml} starts a node. ignite.sh runs
 * {@code org.apache.ignite.startup.cmdline.CommandLineStartup CONFIG} on the class path
 * {@code libs/*}; this test does exactly that (the distribution itself is not on Maven Central),
 * then submits a job to the node from a client.
 */
class StockIgniteTest {
    @TempDir
    Path home;

    @Test
    void aStockIgniteNodeWithTheStradsJarsRunsSubmittedJobs() throws Exception {
        Path libs = Files.createDirectories(home.resolve("libs"));
        // What the distribution ships: ignite-core, ignite-spring and Spring, cache-api, annotations.
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            String name = p.getFileName().toString();
            if (name.endsWith(".jar") && LibsCommand.SHIPPED_BY_IGNITE.stream().anyMatch(name::startsWith)) {
                Files.copy(p, libs.resolve(name));
            }
        }
        int shipped;
        try (Stream<Path> s = Files.list(libs)) {
            shipped = (int) s.count();
        }
        Cli.Result copy = Cli.run("libs", libs.toString());
        assertEquals(0, copy.code(), copy.toString());
        assertTrue(copy.err().contains("jar(s) copied"), copy.err());
        Cli.Result again = Cli.run("libs", libs.toString());
        assertEquals(0, again.code(), "a second copy finds every jar there already: " + again);
        assertTrue(again.err().contains(" 0 jar(s) copied"), again.err());
        try (Stream<Path> s = Files.list(libs)) {
            List<String> names = s.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.size() > shipped, names.toString());
            assertTrue(names.stream().anyMatch(n -> n.startsWith("strads-scheduler-")), names.toString());
            assertTrue(names.stream().anyMatch(n -> n.startsWith("strads-lasso-")), names.toString());
            assertFalse(names.stream().anyMatch(n -> n.endsWith("-tests.jar")), names.toString());
        }

        Path root = Path.of(System.getProperty("strads.root", "..")).toAbsolutePath().normalize();
        int base = 49_000 + (int) (ProcessHandle.current().pid() % 50) * 20;
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + root.resolve("bin/jvm.options"), "-Xmx512m", "-DIGNITE_QUIET=true",
                // The README's line for stock Ignite: the node takes only the allow-listed classes.
                "-DIGNITE_MARSHALLER_WHITELIST=" + root.resolve("ignite-config/class-allowlist.txt"),
                "-cp", libs + File.separator + "*",
                "org.apache.ignite.startup.cmdline.CommandLineStartup", root.resolve("ignite-config/server.xml").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(home.resolve("ignite.log").toFile());
        String addresses = "127.0.0.1:" + base + ".." + (base + 9);
        pb.environment().putAll(Map.of("STRADS_DISCOVERY_ADDRESSES", addresses,
                "STRADS_DISCOVERY_PORT", String.valueOf(base), "STRADS_COMMUNICATION_PORT", String.valueOf(base + 10),
                "STRADS_DATA_REGION_MB", "256", "IGNITE_HOME", home.toString()));
        Process ignite = pb.start();
        try {
            System.setProperty("strads.discovery.addresses", addresses);
            System.setProperty("strads.discovery.port", String.valueOf(base));
            System.setProperty("strads.communication.port", String.valueOf(base + 10));
            System.setProperty("strads.port.range", "10");
            try (ClientNode client = ClientNode.start("ignite-config/client.xml", 90_000)) {
                assertEquals(1, client.servers(), Files.readString(home.resolve("ignite.log")));
                JobSpec spec = new JobSpec("lasso", JobSpec.MODEL_PARALLEL, 1, 42, 50, 0.0, 0, 10, Map.of());
                JobResult r = StradsClient.submit(client.ignite(), spec).await();
                assertEquals(50, r.rounds());
                assertTrue(r.last().objective() > 0);
            }
        } finally {
            ignite.destroy();
            if (!ignite.waitFor(30, TimeUnit.SECONDS)) {
                ignite.destroyForcibly();
            }
            for (String p : List.of("strads.discovery.addresses", "strads.discovery.port", "strads.communication.port",
                    "strads.port.range")) {
                System.clearProperty(p);
            }
        }
    }
}

package org.strads4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strads4j.api.BadInputException;
import org.strads4j.cluster.ClientNode;
import org.strads4j.cluster.LocalServers;
import org.strads4j.io.Json;

/**
 * Two server JVMs from ignite-config/secure-server.xml, with key and trust stores made by the JDK's
 * keytool the way the README says: a client with a trusted certificate joins and submits a job; a
 * client whose certificate the servers do not trust, and a plain client without TLS, cannot join.
 */
class SecureClusterTest {
    private static final String PASSWORD = "strads-test-secret";
    private static final List<String> PROPS = List.of("strads.ssl.keystore", "strads.ssl.keystore.password",
            "strads.ssl.truststore", "strads.ssl.truststore.password");

    @TempDir
    static Path stores;

    private static LocalServers servers;

    @BeforeAll
    static void start() throws Exception {
        for (String name : List.of("node", "client", "rogue")) {
            keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                    "CN=strads-" + name, "-validity", "2", "-keystore", name + ".p12", "-storetype", "PKCS12",
                    "-storepass", PASSWORD, "-keypass", PASSWORD);
            keytool("-exportcert", "-alias", name, "-keystore", name + ".p12", "-storepass", PASSWORD,
                    "-file", name + ".crt");
        }
        for (String name : List.of("node", "client")) {
            keytool("-importcert", "-noprompt", "-alias", name, "-file", name + ".crt", "-keystore", "trust.p12",
                    "-storetype", "PKCS12", "-storepass", PASSWORD);
        }
        // the rogue trusts the servers, but they do not trust it
        keytool("-importcert", "-noprompt", "-alias", "node", "-file", "node.crt", "-keystore", "rogue-trust.p12",
                "-storetype", "PKCS12", "-storepass", PASSWORD);
        servers = LocalServers.start(2, MultiProcessTest.jvmOptions(), "ignite-config/secure-server.xml",
                "ignite-config/secure-client.xml", tls("node.p12", "trust.p12"));
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
        PROPS.forEach(System::clearProperty);
    }

    private static Map<String, String> tls(String keystore, String truststore) {
        return Map.of("STRADS_SSL_KEYSTORE", stores.resolve(keystore).toString(),
                "STRADS_SSL_KEYSTORE_PASSWORD", PASSWORD,
                "STRADS_SSL_TRUSTSTORE", stores.resolve(truststore).toString(),
                "STRADS_SSL_TRUSTSTORE_PASSWORD", PASSWORD);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(stores.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool " + cmd + ":\n" + out);
    }

    private static void useStores(String keystore, String truststore) {
        System.setProperty("strads.ssl.keystore", stores.resolve(keystore).toString());
        System.setProperty("strads.ssl.keystore.password", PASSWORD);
        System.setProperty("strads.ssl.truststore", stores.resolve(truststore).toString());
        System.setProperty("strads.ssl.truststore.password", PASSWORD);
    }

    @Test
    void aTrustedClientJoinsAndAJobRunsOverTls(@TempDir Path dir) throws Exception {
        try (ClientNode c = servers.client()) {
            assertEquals(2, c.servers());
            assertTrue(c.ignite().configuration().getSslContextFactory() != null);
        }
        Map<String, String> env = new java.util.HashMap<>(servers.environment());
        env.putAll(tls("client.p12", "trust.p12"));
        Path out = dir.resolve("out");
        try (StradsProcess p = StradsProcess.start(dir, env, List.of(), "submit", "-c",
                "ignite-config/secure-client.xml", "lasso", "--nodes", "2", "--max-rounds", "200", "--out", out.toString())) {
            assertEquals(0, p.waitFor(180), p.err());
            JsonNode summary = Json.mapper().readTree(out.resolve("summary.json").toFile());
            assertTrue(summary.get("provenance").get("cluster").asText().contains("2 server nodes"), summary.toString());
            assertTrue(summary.get("objective").asDouble() > 0);
        }
    }

    @Test
    void aClientTheServersDoNotTrustCannotJoin() {
        useStores("rogue.p12", "rogue-trust.p12");
        servers.environment().forEach((k, v) -> {
            if (!k.startsWith("STRADS_SSL")) {
                System.setProperty(k.toLowerCase(java.util.Locale.ROOT).replace('_', '.'), v);
            }
        });
        BadInputException e = assertThrows(BadInputException.class,
                () -> ClientNode.start("ignite-config/secure-client.xml", 8_000).close());
        assertTrue(e.getMessage().contains("with TLS, the servers must trust this node's certificate"), e.getMessage());
        assertFalse(servers.log(0).contains("strads-rogue") && servers.log(0).contains("joined"), servers.log(0));
        try (ClientNode c = servers.client()) {
            assertEquals(2, c.servers(), "the cluster is unchanged");
        }
    }

    @Test
    void aPlainClientCannotJoin() {
        servers.environment().forEach((k, v) -> {
            if (!k.startsWith("STRADS_SSL")) {
                System.setProperty(k.toLowerCase(java.util.Locale.ROOT).replace('_', '.'), v);
            }
        });
        BadInputException e = assertThrows(BadInputException.class,
                () -> ClientNode.start("ignite-config/client.xml", 8_000).close());
        assertTrue(e.getMessage().contains("secure-client.xml"), e.getMessage());
    }
}

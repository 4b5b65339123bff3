package org.strads4j.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.failure.StopNodeFailureHandler;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.apache.ignite.spi.discovery.tcp.ipfinder.vm.TcpDiscoveryVmIpFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strads4j.api.BadInputException;

/** The node configurations of ignite-config/: their defaults, and every documented override. */
class NodeConfigsTest {
    private static final List<String> PROPS = List.of("strads.local.address", "strads.discovery.addresses",
            "strads.discovery.port", "strads.communication.port", "strads.port.range", "strads.data.region.mb",
            "strads.public.pool", "strads.coordinator.pool", "strads.ssl.keystore", "strads.ssl.keystore.password",
            "strads.ssl.truststore", "strads.ssl.truststore.password");
    private static final List<String> ALL = List.of("ignite-config/server.xml", "ignite-config/gpu-server.xml",
            "ignite-config/client.xml", "ignite-config/embedded.xml", "ignite-config/secure-server.xml",
            "ignite-config/secure-client.xml");

    private static void tlsSettings() {
        System.setProperty("strads.ssl.keystore", "node.p12");
        System.setProperty("strads.ssl.keystore.password", "k-secret");
        System.setProperty("strads.ssl.truststore", "trust.p12");
        System.setProperty("strads.ssl.truststore.password", "t-secret");
    }

    @AfterEach
    void clear() {
        PROPS.forEach(System::clearProperty);
    }

    private static TcpDiscoverySpi discovery(IgniteConfiguration c) {
        return (TcpDiscoverySpi) c.getDiscoverySpi();
    }

    /** The configured discovery port (its getter reports the bound port, 0 before the node starts). */
    private static int discoveryPort(IgniteConfiguration c) throws ReflectiveOperationException {
        java.lang.reflect.Field f = TcpDiscoverySpi.class.getDeclaredField("locPort");
        f.setAccessible(true);
        return f.getInt(discovery(c));
    }

    @Test
    void nodesInAUsersJvmStopThemselvesOnACriticalFailureInsteadOfHaltingTheJvm(@TempDir Path work) {
        tlsSettings();
        for (String client : List.of("ignite-config/client.xml", "ignite-config/secure-client.xml")) {
            assertTrue(NodeConfigs.load(client).getFailureHandler() instanceof StopNodeFailureHandler, client);
        }
        assertTrue(EmbeddedCluster.nodeConfig("t", 0, 47500, 47600, work).getFailureHandler()
                instanceof StopNodeFailureHandler);
        IgniteConfiguration server = NodeConfigs.load("ignite-config/server.xml");
        assertEquals(null, server.getFailureHandler(), "a server JVM is its node: Ignite's default applies");
        IgniteConfiguration own = new IgniteConfiguration();
        own.setFailureHandler(new org.apache.ignite.failure.NoOpFailureHandler());
        assertTrue(NodeConfigs.stopNodeNotJvm(own).getFailureHandler()
                instanceof org.apache.ignite.failure.NoOpFailureHandler, "a configured handler is kept");
    }

    @Test
    void serverDefaultsAreLoopbackWithTheDocumentedPortsMemoryAndPools() throws Exception {
        IgniteConfiguration c = NodeConfigs.load("ignite-config/server.xml");
        assertFalse(c.isClientMode());
        assertEquals("127.0.0.1", c.getLocalHost());
        assertEquals(47500, discoveryPort(c));
        var addresses = ((TcpDiscoveryVmIpFinder) discovery(c).getIpFinder()).getRegisteredAddresses();
        assertEquals(10, addresses.size(), "127.0.0.1:47500..47509");
        assertTrue(addresses.stream().allMatch(a -> a.getHostString().equals("127.0.0.1")
                && a.getPort() >= 47500 && a.getPort() <= 47509), addresses.toString());
        assertEquals(47100, ((TcpCommunicationSpi) c.getCommunicationSpi()).getLocalPort());
        assertEquals(2048L << 20, c.getDataStorageConfiguration().getDefaultDataRegionConfiguration().getMaxSize());
        assertEquals(16, c.getPublicThreadPoolSize());
        assertEquals("strads-coordinator", c.getExecutorConfiguration()[0].getName());
        assertFalse(c.isPeerClassLoadingEnabled());
        assertEquals(null, c.getConnectorConfiguration());
        assertEquals(null, c.getClientConnectorConfiguration());
        CacheConfiguration<?, ?> jobs = c.getCacheConfiguration()[0];
        assertEquals("strads-jobs", jobs.getName());
        assertEquals(CacheMode.REPLICATED, jobs.getCacheMode());
        assertEquals(1, c.getCacheConfiguration()[1].getBackups());
    }

    @Test
    void everySettingIsOverriddenBySystemProperties() throws Exception {
        System.setProperty("strads.local.address", "127.0.0.2");
        System.setProperty("strads.discovery.addresses", "127.0.0.2:48500..48519,127.0.0.3:48500");
        System.setProperty("strads.discovery.port", "48500");
        System.setProperty("strads.communication.port", "48100");
        System.setProperty("strads.port.range", "20");
        System.setProperty("strads.data.region.mb", "300");
        System.setProperty("strads.public.pool", "9");
        System.setProperty("strads.coordinator.pool", "3");
        IgniteConfiguration c = NodeConfigs.load("ignite-config/server.xml");
        assertEquals("127.0.0.2", c.getLocalHost());
        assertEquals("127.0.0.2", discovery(c).getLocalAddress());
        assertEquals(48500, discoveryPort(c));
        assertEquals(20, discovery(c).getLocalPortRange());
        TcpDiscoveryVmIpFinder finder = (TcpDiscoveryVmIpFinder) discovery(c).getIpFinder();
        assertEquals(21, finder.getRegisteredAddresses().size(), "20 + 1 addresses from the two entries");
        assertEquals(48100, ((TcpCommunicationSpi) c.getCommunicationSpi()).getLocalPort());
        assertEquals(300L << 20, c.getDataStorageConfiguration().getDefaultDataRegionConfiguration().getMaxSize());
        assertEquals(9, c.getPublicThreadPoolSize());
        assertEquals(3, c.getExecutorConfiguration()[0].getSize());
    }

    @Test
    void clientAndGpuServerVariants() {
        assertTrue(NodeConfigs.load("ignite-config/client.xml").isClientMode());
        IgniteConfiguration gpu = NodeConfigs.load("ignite-config/gpu-server.xml");
        assertFalse(gpu.isClientMode());
        assertEquals(Map.of("strads.gpu", "true"), gpu.getUserAttributes());
        assertEquals(16, gpu.getPublicThreadPoolSize());
    }

    /**
     * Safe defaults in every configuration shipped: loopback only, discovery through a static list
     * (no multicast), no peer class loading (no code from the network), no REST or thin-client
     * connector listening, a work directory outside the current one.
     */
    @Test
    void everyConfigurationHasSafeDefaults() {
        tlsSettings();
        for (String name : ALL) {
            IgniteConfiguration c = NodeConfigs.load(name);
            assertEquals("127.0.0.1", c.getLocalHost(), name);
            assertEquals("127.0.0.1", discovery(c).getLocalAddress(), name);
            assertEquals("127.0.0.1", ((TcpCommunicationSpi) c.getCommunicationSpi()).getLocalAddress(), name);
            assertEquals(TcpDiscoveryVmIpFinder.class, discovery(c).getIpFinder().getClass(), name + ": no multicast");
            assertFalse(c.isPeerClassLoadingEnabled(), name + ": peer class loading");
            assertEquals(null, c.getConnectorConfiguration(), name + ": REST connector");
            assertEquals(null, c.getClientConnectorConfiguration(), name + ": thin-client connector");
            assertTrue(c.getWorkDirectory().startsWith(System.getProperty("java.io.tmpdir")), name + ": " + c.getWorkDirectory());
        }
        NodeConfigs.restrictDeserialisation();
        assertEquals(NodeConfigs.CLASS_ALLOWLIST, System.getProperty("IGNITE_MARSHALLER_WHITELIST"));
        assertTrue(getClass().getClassLoader().getResource(NodeConfigs.CLASS_ALLOWLIST) != null,
                "the allow-list ships with the configurations");
    }

    @Test
    void secureVariantsUseMutualTlsAndNeedTheirStores() {
        tlsSettings();
        for (String name : List.of("ignite-config/secure-server.xml", "ignite-config/secure-client.xml")) {
            IgniteConfiguration c = NodeConfigs.load(name);
            org.apache.ignite.ssl.SslContextFactory tls = (org.apache.ignite.ssl.SslContextFactory) c.getSslContextFactory();
            assertEquals("node.p12", tls.getKeyStoreFilePath(), name);
            assertEquals("k-secret", new String(tls.getKeyStorePassword()), name);
            assertEquals("trust.p12", tls.getTrustStoreFilePath(), name);
            assertEquals("t-secret", new String(tls.getTrustStorePassword()), name);
            assertEquals("TLSv1.3", tls.getProtocol(), name);
        }
        assertTrue(NodeConfigs.load("ignite-config/secure-client.xml").isClientMode());
        assertFalse(NodeConfigs.load("ignite-config/secure-server.xml").isClientMode());
        System.clearProperty("strads.ssl.truststore");
        BadInputException none = assertThrows(BadInputException.class,
                () -> NodeConfigs.load("ignite-config/secure-server.xml"));
        assertTrue(none.getMessage().contains("strads.ssl.truststore"), "names the missing setting: " + none.getMessage());
    }

    @Test
    void aFileIsReadAndBadConfigsAreBadInput(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("my-server.xml");
        String server;
        try (var in = getClass().getClassLoader().getResourceAsStream("ignite-config/server.xml")) {
            server = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        Files.writeString(copy, server.replace("\"base.xml\"",
                "\"" + getClass().getClassLoader().getResource("ignite-config/base.xml") + "\""));
        assertFalse(NodeConfigs.load(copy.toString()).isClientMode());
        BadInputException missing = assertThrows(BadInputException.class, () -> NodeConfigs.load("no/such.xml"));
        assertTrue(missing.getMessage().contains("Invalid --config: no/such.xml"), missing.getMessage());
        Path broken = Files.writeString(dir.resolve("broken.xml"), "<beans><bean class=\"no.Such\"/></beans>");
        BadInputException bad = assertThrows(BadInputException.class, () -> NodeConfigs.load(broken.toString()));
        assertTrue(bad.getMessage().contains("cannot read it"), bad.getMessage());
    }
}

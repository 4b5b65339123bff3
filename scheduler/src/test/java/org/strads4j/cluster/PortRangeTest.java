package org.strads4j.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * Port ranges of embedded clusters and local server processes: free when chosen, and outside the
 * ephemeral range that outgoing connections (the nodes' own among them) take local ports from. CI
 * once lost a 20-node run because a port of its range, probed free, was taken before the last
 * node bound it.
 */
class PortRangeTest {
    @Test
    void aRangeLiesBelowTheEphemeralPortsAndIsFree() throws IOException {
        int width = 40;
        int ephemeral = EmbeddedCluster.ephemeralLow();
        for (int i = 0; i < 20; i++) {
            int base = EmbeddedCluster.freeRange(width);
            if (ephemeral - 20_000 >= 51 * width) {
                assertTrue(base >= 20_000 && base + width <= ephemeral,
                        "range " + base + ".." + (base + width - 1) + " below ephemeral ports from " + ephemeral);
            }
            for (int p = base; p < base + width; p += width - 1) {
                try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                    assertTrue(s.isBound());
                }
            }
        }
    }

    @Test
    void theEphemeralRangeIsReadFromTheSystem() {
        int low = EmbeddedCluster.ephemeralLow();
        assertTrue(low >= 1024 && low <= 65_535, "ephemeral ports from " + low);
    }
}

package org.strads4j.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import java.io.Serializable;
import java.util.List;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteException;
import org.apache.ignite.lang.IgniteCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.strads4j.engine.ClassFilter;
import org.strads4j.engine.JdkSerialization;

/**
 * What a node deserialises from the network is limited to ignite-config/class-allowlist.txt (plus
 * Ignite's and the JDK's classes); what Strads4J reads from its own bytes (shards, plugins, states,
 * checkpoints) to {@link ClassFilter}. A class outside them (here Guava's, present on the class
 * path like any gadget library would be) is refused before it is built.
 */
class DeserialisationAllowListTest {
    private static EmbeddedCluster cluster;

    @BeforeAll
    static void start() {
        cluster = EmbeddedCluster.start(2);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    /** A job of an allowed package that carries a value of a class outside the allow-list. */
    static final class Carrier implements IgniteCallable<Integer> {
        private final Object payload;

        Carrier(Object payload) {
            this.payload = payload;
        }

        @Override
        public Integer call() {
            return payload instanceof List<?> l ? l.size() : -1;
        }
    }

    private static Ignite remoteCaller() {
        return cluster.coordinator();
    }

    @Test
    void allowedClassesTravel() {
        Ignite ignite = remoteCaller();
        int size = ignite.compute(ignite.cluster().forRemotes()).call(new Carrier(new java.util.ArrayList<>(List.of(1, 2, 3))));
        assertEquals(3, size);
    }

    @Test
    void aForeignClassIsRefusedByTheReceivingNode() {
        Ignite ignite = remoteCaller();
        IgniteException e = assertThrows(IgniteException.class,
                () -> ignite.compute(ignite.cluster().forRemotes()).call(new Carrier(ImmutableList.of(1, 2, 3))));
        String chain = chain(e);
        assertTrue(chain.contains("com.google.common.collect") && chain.contains("disallowed"), chain);
    }

    @Test
    void strads4jBytesRefuseAForeignClass() {
        byte[] bytes = JdkSerialization.toBytes((Serializable) ImmutableList.of(1, 2, 3));
        SecurityException e = assertThrows(SecurityException.class, () -> JdkSerialization.fromBytes(bytes));
        assertTrue(e.getMessage().contains("com.google.common.collect"), e.getMessage());
        assertEquals(List.of(1, 2), JdkSerialization.fromBytes(JdkSerialization.toBytes(new java.util.ArrayList<>(List.of(1, 2)))));
        ClassFilter filter = ClassFilter.get();
        assertTrue(filter.allows("org.strads4j.api.JobSpec"));
        assertTrue(filter.allows("java.util.HashMap"));
        assertTrue(!filter.allows("java.lang.reflect.Proxy"));
        assertTrue(!filter.allows("org.apache.commons.collections.functors.InvokerTransformer"));
    }

    private static String chain(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            b.append(c.getClass().getName()).append(": ").append(c.getMessage()).append('\n');
        }
        return b.toString();
    }
}

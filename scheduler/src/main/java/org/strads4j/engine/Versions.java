package org.strads4j.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.ignite.internal.IgniteVersionUtils;

/** The versions that go into every result's provenance. */
public final class Versions {
    private Versions() {
    }

    /** The Strads4J version (from the build). */
    public static String strads() {
        try (InputStream in = Versions.class.getResourceAsStream("/org/strads4j/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Strads4J, Ignite, Java and OS versions. */
    public static Map<String, String> all() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("strads4j", strads());
        v.put("ignite", IgniteVersionUtils.VER_STR);
        v.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        return v;
    }
}

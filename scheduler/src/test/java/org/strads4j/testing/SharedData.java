package org.strads4j.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared reference data beside the checkout ({@code ../shared}), as tests find it. */
public final class SharedData {
    private SharedData() {
    }

    /** The shared directory; the test is skipped (not failed) when it is absent. */
    public static Path root() {
        Path p = Path.of(System.getProperty("strads.shared", "../shared")).toAbsolutePath().normalize();
        assumeTrue(Files.isDirectory(p.resolve("data")), "shared data not found at " + p);
        return p;
    }

    /** A file under {@code shared/data}. */
    public static Path data(String relative) {
        Path f = root().resolve("data").resolve(relative);
        assumeTrue(Files.exists(f), "shared data file missing: " + f);
        return f;
    }
}

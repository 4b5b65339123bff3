package org.strads4j.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared reference data beside the checkout ({@code ../shared}), as tests find it. */
public final class SharedData {
    private SharedData() {
    }

    /**
     * The shared directory. When it is absent the test is skipped on a developer's machine, and
     * fails in CI (environment {@code CI=true}), where skipping would hide the quality checks.
     */
    public static Path root() {
        Path p = Path.of(System.getProperty("strads.shared", "../shared")).toAbsolutePath().normalize();
        require(Files.isDirectory(p.resolve("data")), "shared data not found at " + p);
        return p;
    }

    /** A file under {@code shared/data} (skipped, or failed in CI, when missing). */
    public static Path data(String relative) {
        Path f = root().resolve("data").resolve(relative);
        require(Files.exists(f), "shared data file missing: " + f);
        return f;
    }

    /** True in CI ({@code CI=true}): missing shared data fails the tests there. */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private static void require(boolean present, String message) {
        if (!present && inCi()) {
            fail(message + " (CI=true: the quality tests must run)");
        }
        assumeTrue(present, message);
    }
}

package org.strads4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputDirectoryTest {
    @TempDir
    Path dir;

    private long entries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void commitMovesEverythingIntoPlaceAndReplacesAnOldRun() throws IOException {
        Path target = dir.resolve("out");
        Files.createDirectories(target);
        Files.writeString(target.resolve("stale.txt"), "old");
        try (OutputDirectory out = OutputDirectory.stage(target)) {
            Files.writeString(out.path().resolve("summary.json"), "{}");
            assertFalse(Files.exists(target.resolve("summary.json")), "nothing visible before the commit");
            out.commit();
        }
        assertTrue(Files.exists(target.resolve("summary.json")));
        assertFalse(Files.exists(target.resolve("stale.txt")), "the old run is replaced whole");
        assertEquals(1, entries(), "no staging or backup directory left");
    }

    @Test
    void failureBeforeCommitLeavesNothing() throws IOException {
        Path target = dir.resolve("out");
        try (OutputDirectory out = OutputDirectory.stage(target)) {
            Files.writeString(out.path().resolve("half.txt"), "partial");
        }
        assertFalse(Files.exists(target));
        assertEquals(0, entries());
    }

    @Test
    void singleFilesAreWrittenThroughARename() throws IOException {
        Path f = dir.resolve("a/b.json");
        OutputDirectory.writeAtomically(f, "x");
        OutputDirectory.writeAtomically(f, "y");
        assertEquals("y", Files.readString(f));
        try (Stream<Path> s = Files.list(f.getParent())) {
            assertEquals(1, s.count());
        }
    }
}

package org.strads4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strads4j.api.BadInputException;

/** Every rule of {@link OutputDirectory}: what it writes, and what it refuses to touch. */
class OutputDirectoryTest {
    @TempDir
    Path dir;

    private Set<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            Set<String> out = new TreeSet<>();
            s.forEach(p -> out.add(p.getFileName().toString()));
            return out;
        }
    }

    /** Stages a result as JobRunner does: model files, then summary.json listing every file. */
    private static void writeResult(OutputDirectory out, String model) throws IOException {
        Files.writeString(out.path().resolve("model.txt"), model);
        Files.writeString(out.path().resolve("summary.json"),
                "{\"app\":\"probe\",\"provenance\":{\"outputs\":[\"model.txt\",\"summary.json\"]}}\n");
    }

    private static void assertRefused(String expected, Runnable r) {
        BadInputException e = assertThrows(BadInputException.class, r::run);
        assertTrue(e.getMessage().startsWith("Invalid --out: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    @Test
    void aNewDirectoryAppearsWholeAtTheCommitWithItsParents() throws IOException {
        Path target = dir.resolve("runs/a/out");
        try (OutputDirectory out = OutputDirectory.create(target, false)) {
            writeResult(out, "m");
            assertFalse(Files.exists(target), "nothing visible before the commit");
            out.commit();
        }
        assertEquals(Set.of("model.txt", "summary.json"), names(target));
        assertEquals(Set.of("out"), names(dir.resolve("runs/a")), "no staging directory left");
    }

    @Test
    void aFailureBeforeTheCommitLeavesNothingNotEvenTheParentsItMade() throws IOException {
        try (OutputDirectory out = OutputDirectory.create(dir.resolve("runs/a/out"), false)) {
            Files.writeString(out.path().resolve("half.txt"), "partial");
        }
        assertEquals(Set.of(), names(dir));
    }

    @Test
    void anEmptyDirectoryIsUsed() throws IOException {
        Path target = Files.createDirectory(dir.resolve("empty"));
        try (OutputDirectory out = OutputDirectory.create(target, false)) {
            writeResult(out, "m");
            out.commit();
        }
        assertEquals(Set.of("model.txt", "summary.json"), names(target));
        assertEquals(Set.of("empty"), names(dir));
    }

    @Test
    void aDirectoryWithContentIsRefusedWithoutOverwriteAndLeftAlone() throws IOException {
        Path target = Files.createDirectory(dir.resolve("mine"));
        Files.writeString(target.resolve("thesis.tex"), "years of work");
        assertRefused("exists and is not empty", () -> OutputDirectory.create(target, false));
        assertEquals("years of work", Files.readString(target.resolve("thesis.tex")));
        assertEquals(Set.of("mine"), names(dir), "no staging directory made");
    }

    @Test
    void overwriteNeverReplacesArbitraryContent() throws IOException {
        Path target = Files.createDirectory(dir.resolve("mine"));
        Files.writeString(target.resolve("train.svm"), "1 1:1\n");
        assertRefused("replaces only an earlier Strads4J result", () -> OutputDirectory.create(target, true));
        Files.writeString(target.resolve("summary.json"), "{\"not\":\"ours\"}");
        assertRefused("replaces only an earlier Strads4J result", () -> OutputDirectory.create(target, true));
        assertEquals(Set.of("summary.json", "train.svm"), names(target));
    }

    @Test
    void overwriteReplacesAnEarlierResultButNotOneAUserAddedFilesTo() throws IOException {
        Path target = dir.resolve("run");
        try (OutputDirectory out = OutputDirectory.create(target, false)) {
            writeResult(out, "first");
            out.commit();
        }
        assertTrue(OutputDirectory.isEarlierResult(target));
        assertRefused("exists and is not empty", () -> OutputDirectory.create(target, false));
        try (OutputDirectory out = OutputDirectory.create(target, true)) {
            writeResult(out, "second");
            out.commit();
        }
        assertEquals("second", Files.readString(target.resolve("model.txt")));
        assertEquals(Set.of("run"), names(dir), "the earlier result is gone, no backup left");

        Files.writeString(target.resolve("notes.txt"), "mine");
        assertFalse(OutputDirectory.isEarlierResult(target));
        assertRefused("replaces only an earlier Strads4J result", () -> OutputDirectory.create(target, true));
        assertEquals("mine", Files.readString(target.resolve("notes.txt")));
    }

    @Test
    void aTargetThatChangedDuringTheRunIsNotReplaced() throws IOException {
        Path target = dir.resolve("run");
        try (OutputDirectory out = OutputDirectory.create(target, false)) {
            writeResult(out, "m");
            Files.createDirectory(target);
            Files.writeString(target.resolve("later.txt"), "written meanwhile");
            assertThrows(IOException.class, out::commit);
        }
        assertEquals(Set.of("later.txt"), names(target));
        assertEquals(Set.of("run"), names(dir), "staging removed");
    }

    @Test
    void aFileALinkTheWorkingDirectoryAndItsParentsAreRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        assertRefused("not a directory", () -> OutputDirectory.create(file, true));
        Path link = Files.createSymbolicLink(dir.resolve("link"), Files.createDirectory(dir.resolve("real")));
        assertRefused("symbolic link", () -> OutputDirectory.create(link, true));
        assertRefused("is the working directory", () -> OutputDirectory.create(Path.of("."), true));
        assertRefused("contains the working directory", () -> OutputDirectory.create(Path.of(".."), true));
        assertRefused("contains the working directory",
                () -> OutputDirectory.create(Path.of("").toAbsolutePath().getRoot(), true));
        assertEquals("x", Files.readString(file));
    }

    @Test
    void aTargetHoldingAnInputIsRefused() throws IOException {
        Path data = Files.createDirectories(dir.resolve("d"));
        Path train = Files.writeString(data.resolve("train.svm"), "1 1:1\n");
        try (OutputDirectory out = OutputDirectory.create(dir.resolve("other"), false)) {
            out.checkInputs(List.of(train));   // fine
        }
        Path emptyButInput = Files.createDirectory(dir.resolve("corpus"));
        try (OutputDirectory out = OutputDirectory.create(emptyButInput, false)) {
            assertRefused("is the input", () -> out.checkInputs(List.of(emptyButInput)));
        }
        assertRefused("holds other files", () -> OutputDirectory.create(dir.resolve("d/sub/.."), true));
        assertEquals(Set.of("train.svm"), names(data));
    }

    @Test
    void aLocationThatCannotBeWrittenIsRefusedBeforeAnyWork() throws IOException {
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        assertRefused("cannot write there", () -> OutputDirectory.create(file.resolve("out"), false));
        assertRefused("cannot write there", () -> OutputDirectory.create(Path.of("/proc/strads-out"), false));
        assertEquals(Set.of("file.txt"), names(dir));
    }

    @Test
    void aSignalDiscardsTheStagingDirectoryAndTheCommitThenFails() throws IOException {
        Path target = dir.resolve("runs/out");
        OutputDirectory out = OutputDirectory.create(target, false);
        Files.writeString(out.path().resolve("half.txt"), "partial");
        out.abort();   // what the shutdown hook does on SIGINT / SIGTERM
        assertThrows(IOException.class, out::commit);
        assertEquals(Set.of(), names(dir));
    }

    @Test
    void resultsAreCreatedWithTheUsersUmask() throws IOException {
        Path probe = Files.createDirectory(dir.resolve("probe"));   // what the umask gives a new directory
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(probe);
        Path target = dir.resolve("run");
        try (OutputDirectory out = OutputDirectory.create(target, false)) {
            writeResult(out, "m");
            out.commit();
        }
        assertEquals(expected, Files.getPosixFilePermissions(target));
    }

    @Test
    void singleFilesAreWrittenThroughARename() throws IOException {
        Path f = dir.resolve("a/b.json");
        OutputDirectory.writeAtomically(f, "x");
        OutputDirectory.writeAtomically(f, "y");
        assertEquals("y", Files.readString(f));
        assertEquals(Set.of("b.json"), names(f.getParent()));
    }
}

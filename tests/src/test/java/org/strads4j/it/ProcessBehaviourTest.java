package org.strads4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What only a process of its own shows: a signal mid-solve and mid-write stops the run, removes
 * the staging directory, the parents it made and the nodes' work directories, prints
 * {@code strads: interrupted} and exits 130 (SIGINT) or 143 (SIGTERM); and a normal run prints
 * nothing but its own lines on stderr (no Ignite warnings or stack traces) at any node count.
 */
class ProcessBehaviourTest {
    @TempDir
    Path tmp;

    private Set<String> names(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            Set<String> out = new TreeSet<>();
            s.forEach(p -> out.add(p.getFileName().toString()));
            return out;
        }
    }

    @ParameterizedTest(name = "SIG{0} mid-solve exits {1}")
    @CsvSource({"INT, 130", "TERM, 143"})
    void aSignalMidSolveLeavesNothingBehind(String signal, int exitCode) throws Exception {
        Path out = tmp.resolve("runs/lasso");
        try (StradsProcess p = StradsProcess.start(tmp, List.of(), "run", "lasso", "--nodes", "2", "--tolerance", "0",
                "--max-rounds", "100000000", "--out", out.toString())) {
            assertTrue(p.awaitErrLine(l -> l.startsWith("strads: lasso round"), 120), "the solve started: " + p.err());
            assertTrue(Files.exists(tmp.resolve("runs")), "the staging directory's parent exists mid-solve");
            assumeFalse(signal.equals("INT") && p.ignoresSigint(), "this test JVM was started with SIGINT ignored");
            p.signal(signal);
            assertEquals(exitCode, p.waitFor(60), p.err());
            assertTrue(p.err().endsWith("strads: interrupted"), "says so, last: " + p.err());
            assertEquals("", p.out(), "no summary");
            assertEquals(Set.of(), names(tmp), "no staging directory, no parent it made, no Ignite work directory");
        }
    }

    @ParameterizedTest(name = "SIG{0} mid-write exits {1}")
    @CsvSource({"INT, 130", "TERM, 143"})
    void aSignalWhileResultsAreWrittenLeavesNothingBehind(String signal, int exitCode) throws Exception {
        Path out = tmp.resolve("result");
        try (StradsProcess p = StradsProcess.start(tmp, List.of("-Dstrads.testing.writePauseMillis=60000"), "run", "lasso",
                "--out", out.toString())) {
            assertTrue(p.awaitErrLine(l -> l.startsWith("strads: writing results to"), 120), p.err());
            Path staging;
            try (Stream<Path> s = Files.list(tmp)) {
                staging = s.filter(f -> f.getFileName().toString().startsWith(".result.tmp-")).findFirst().orElseThrow();
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!Files.exists(staging.resolve("coefficients.txt")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(Files.exists(staging.resolve("coefficients.txt")), "caught mid-write: model files staged");
            assertFalse(Files.exists(staging.resolve("summary.json")), "caught mid-write: no summary yet");
            assumeFalse(signal.equals("INT") && p.ignoresSigint(), "this test JVM was started with SIGINT ignored");
            p.signal(signal);
            assertEquals(exitCode, p.waitFor(60), p.err());
            assertTrue(p.err().endsWith("strads: interrupted"), p.err());
            assertEquals(Set.of(), names(tmp), "staging directory and Ignite work directory removed");
        }
    }

    @ParameterizedTest(name = "{0} nodes")
    @ValueSource(ints = {1, 3, 9, 20})
    void aNormalRunPrintsOnlyItsOwnLines(int nodes) throws Exception {
        try (StradsProcess p = StradsProcess.start(tmp, List.of(), "run", "lasso", "--nodes", String.valueOf(nodes),
                "--max-rounds", "30", "--eval-every", "10")) {
            assertEquals(0, p.waitFor(180), p.err());
            for (String line : p.err().split("\n")) {
                assertTrue(line.startsWith("strads: "), "only strads' own lines on stderr, found: " + line
                        + "\n--- whole stderr:\n" + p.err());
            }
            CommandLineTest.singleJsonDocument(p.out());
            assertEquals(Set.of(), names(tmp), "the Ignite work directory is removed after a normal run");
        }
    }

    @Test
    void aStaleWorkDirectoryOfAKilledRunIsRemovedByTheNextRun() throws Exception {
        Path stale;
        try (StradsProcess p = StradsProcess.start(tmp, List.of(), "run", "lasso", "--tolerance", "0",
                "--max-rounds", "100000000")) {
            assertTrue(p.awaitErrLine(l -> l.startsWith("strads: lasso round"), 120), p.err());
            p.signal("KILL");
            p.waitFor(30);
            try (Stream<Path> s = Files.list(tmp)) {
                stale = s.filter(f -> f.getFileName().toString().startsWith("strads-ignite-" + p.pid() + "-"))
                        .findFirst().orElseThrow(() -> new AssertionError("SIGKILL leaves the work directory"));
            }
        }
        Path mine = Files.createDirectory(tmp.resolve("strads-ignite-notes"));   // not a PID: never touched
        try (StradsProcess p = StradsProcess.start(tmp, List.of(), "run", "lasso", "--quiet", "--max-rounds", "10")) {
            assertEquals(0, p.waitFor(120), p.err());
        }
        assertFalse(Files.exists(stale), "the dead run's work directory was removed");
        assertTrue(Files.exists(mine));
    }
}

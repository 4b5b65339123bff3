package org.strads4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strads4j.cli.Main;
import org.strads4j.io.Json;
import org.strads4j.testing.SharedData;

/** {@code strads} as a user runs it: help, a real run with outputs, and every kind of bad input. */
class CommandLineTest {
    @TempDir
    Path dir;

    /**
     * Runs the command line; returns exit code, stdout and stderr. The streams are redirected before
     * the command line is built, so picocli's writers and the launcher's printing both land here.
     */
    private static String[] strads(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.commandLine().execute(args);
            System.out.flush();
            System.err.flush();
            return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private long entries() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void helpExplainsEveryOption() {
        String[] top = strads("--help");
        assertEquals("0", top[0]);
        assertTrue(top[1].contains("run") && top[1].contains("bench"), top[1]);
        String[] run = strads("run", "lasso", "--help");
        assertEquals("0", run[0]);
        for (String opt : List.of("--data", "--lambda", "--lambda-ratio", "--nodes", "--out", "--scheduler",
                "--max-rounds", "--tolerance", "--seed", "--block-size", "--rho", "--max-group", "--staleness")) {
            assertTrue(run[1].contains(opt), "run lasso --help mentions " + opt);
        }
        assertEquals("0", strads("bench", "lasso", "--help")[0]);
    }

    @Test
    void aRunWritesSummaryMetricsAndCoefficients() throws Exception {
        Path data = SharedData.data("lasso/meats_fat.svm");
        Path out = dir.resolve("meats");
        String[] r = strads("run", "lasso", "--data", data.toString(), "--lambda-ratio", "0.01", "--nodes", "2",
                "--out", out.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[2].contains("round"), "progress lines on stderr");
        Map<?, ?> s = Json.mapper().readValue(out.resolve("summary.json").toFile(), Map.class);
        assertEquals("lasso", s.get("app"));
        assertEquals("model-parallel", s.get("schedule"));
        assertEquals("priority", s.get("scheduler"));
        assertEquals(2, s.get("nodes"));
        assertEquals(3, s.get("nnz"));
        assertEquals(15.0255030121, (Double) s.get("objective"), 15.0255030121 * 1e-6);
        assertTrue(Files.readAllLines(out.resolve("metrics.jsonl")).size() >= 1);
        assertEquals(3, Files.readAllLines(out.resolve("coefficients.txt")).size());
        assertEquals(1, entries(), "only the output directory, no staging left");
    }

    @Test
    void badInputExitsTwoNamingTheProblemAndLeavesNoOutput() throws Exception {
        Path bad = dir.resolve("bad.svm");
        Files.writeString(bad, "1 1:0.5 2:1\n2 3:oops\n");
        Path empty = dir.resolve("empty.svm");
        Files.writeString(empty, "");
        Path out = dir.resolve("out");
        Object[][] cases = {
            {new String[] {"run", "lasso", "--data", bad.toString()}, bad + ":2: bad value of feature 3 'oops'"},
            {new String[] {"run", "lasso", "--data", empty.toString()}, "no data rows"},
            {new String[] {"run", "lasso", "--data", dir.resolve("missing.svm").toString()}, "file not found"},
            {new String[] {"run", "lasso", "--lambda", "-1"}, "Invalid --lambda: -1.0"},
            {new String[] {"run", "lasso", "--lambda", "0"}, "Invalid --lambda"},
            {new String[] {"run", "lasso", "--lambda-ratio", "2"}, "Invalid --lambda-ratio"},
            {new String[] {"run", "lasso", "--nodes", "0"}, "Invalid --nodes: 0"},
            {new String[] {"run", "lasso", "--scheduler", "fastest"}, "Invalid --scheduler: fastest"},
            {new String[] {"run", "lasso", "--lambda", "1", "--lambda-ratio", "0.1"}, "mutually exclusive"},
            {new String[] {"run", "lasso", "--nodes", "three"}, "--nodes"},
            {new String[] {"run", "lasso", "--staleness", "7"}, "Invalid --staleness: 7"},
            {new String[] {"run", "nosuchapp"}, "nosuchapp"},
        };
        for (Object[] c : cases) {
            String[] args = (String[]) c[0];
            String[] withOut = Stream.concat(Stream.of(args), Stream.of("--out", out.toString())).toArray(String[]::new);
            String[] r = strads(args[1].equals("nosuchapp") ? args : withOut);
            assertEquals("2", r[0], String.join(" ", args) + " -> " + r[2]);
            assertTrue(r[2].contains((String) c[1]), "expected '" + c[1] + "' in: " + r[2]);
            assertFalse(Files.exists(out), "no output directory after: " + String.join(" ", args));
        }
        assertEquals(2, entries(), "only the two input files");
    }
}

package org.strads4j.apps.mf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strads4j.cli.Main;
import org.strads4j.io.Json;
import picocli.CommandLine;

/** {@code strads run mf} end to end: outputs, and bad input giving exit 2 and no output. */
class MfCommandLineTest {
    @TempDir
    Path tmp;

    private final StringWriter err = new StringWriter();

    private int strads(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /** Writes a small synthetic split as MovieLens ratings.dat ('::') and ratings.csv (header) files. */
    private Path[] files() throws IOException {
        Ratings[] split = new SyntheticRatings(60, 80, 3, 0.2, 3.0, 0.1, 5L).generate(0.2);
        Path train = tmp.resolve("ratings.dat");
        Path test = tmp.resolve("test.csv");
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < split[0].size(); k++) {
            b.append(split[0].users()[k]).append("::").append(split[0].items()[k]).append("::")
                    .append(split[0].values()[k]).append("::978300760\n");
        }
        Files.writeString(train, b);
        b.setLength(0);
        b.append("userId,movieId,rating,timestamp\n");
        for (int k = 0; k < split[1].size(); k++) {
            b.append(split[1].users()[k]).append(',').append(split[1].items()[k]).append(',')
                    .append(split[1].values()[k]).append(",1260759144\n");
        }
        Files.writeString(test, b);
        return new Path[] {train, test};
    }

    @Test
    void runWritesSummaryMetricsAndFactors() throws IOException {
        Path[] f = files();
        Path out = tmp.resolve("out");
        int code = strads("run", "mf", "--train", f[0].toString(), "--test", f[1].toString(), "--rank", "3",
                "--lambda", "0.01", "--reg", "plain", "--iterations", "4", "--inner", "2", "--nodes", "2",
                "--out", out.toString(), "--quiet");
        assertEquals(0, code, err.toString());
        JsonNode s = Json.mapper().readTree(out.resolve("summary.json").toFile());
        for (String field : List.of("app", "schedule", "nodes", "rank", "lambda", "reg", "iterations", "seconds",
                "objective", "trainRmse", "testRmse", "provenance")) {
            assertTrue(s.has(field), "summary.json lacks " + field + ": " + s);
        }
        assertEquals("mf", s.get("app").asText());
        assertEquals(2, s.get("nodes").asInt());
        assertEquals(4, s.get("iterations").asInt());
        assertEquals("plain", s.get("reg").asText());
        assertTrue(s.get("trainRmse").asDouble() < 1.0, s.toString());
        assertTrue(Double.isFinite(s.get("testRmse").asDouble()), s.toString());
        JsonNode inputs = s.get("provenance").get("inputs");
        assertEquals(2, inputs.size(), inputs.toString());
        assertEquals(f[0].toAbsolutePath().normalize().toString(), inputs.get(0).get("path").asText());
        assertEquals(Files.size(f[0]), inputs.get(0).get("bytes").asLong());
        assertEquals(64, inputs.get(0).get("sha256").asText().length());
        assertEquals(f[1].toAbsolutePath().normalize().toString(), inputs.get(1).get("path").asText());
        assertFalse(s.get("provenance").has("trainSha256"));
        assertFalse(s.get("provenance").has("testSha256"));
        assertEquals(0, s.get("testRatingsUnseen").asInt());
        List<String> metrics = Files.readAllLines(out.resolve("metrics.jsonl"));
        assertEquals(4, metrics.size());
        JsonNode row = Json.mapper().readTree(metrics.get(3));
        for (String field : List.of("objective", "trainRmse", "testRmse", "seconds", "iteration")) {
            assertTrue(row.has(field), "metrics.jsonl row lacks " + field + ": " + row);
        }
        assertEquals(s.get("objective").asDouble(), row.get("objective").asDouble(), 0.0);
        List<String> w = Files.readAllLines(out.resolve("W.txt"));
        List<String> h = Files.readAllLines(out.resolve("H.txt"));
        assertEquals(60, w.size());
        assertEquals(80, h.size());
        String[] first = w.get(0).split("\t");
        assertEquals("1", first[0]);
        assertEquals(4, first.length);   // id + rank 3 factors
    }

    @Test
    void runsTheBundledSyntheticSetWithoutData() throws IOException {
        Path out = tmp.resolve("bundled");
        assertEquals(0, strads("run", "mf", "--iterations", "2", "--quiet", "--out", out.toString()), err.toString());
        JsonNode s = Json.mapper().readTree(out.resolve("summary.json").toFile());
        assertTrue(s.get("provenance").get("data").asText().startsWith("synthetic low-rank"));
        assertTrue(s.get("provenance").get("data").asText().endsWith("(generated: no input file)"));
        assertEquals(0, s.get("provenance").get("inputs").size());
        assertTrue(s.get("testRmse").asDouble() < 1.0, s.toString());
    }

    @Test
    void badInputExitsTwoWithFileAndLineAndWritesNothing() throws IOException {
        Path[] f = files();
        Path out = tmp.resolve("never");
        Path bad = tmp.resolve("bad.tsv");
        Files.writeString(bad, "1\t2\t3\n1\t2\n");
        assertEquals(2, strads("run", "mf", "--train", bad.toString(), "--out", out.toString()));
        assertTrue(err.toString().contains(bad + ":2: expected 'user item rating'"), err.toString());
        Files.writeString(bad, "1\t2\t3\nu7\t2\t3\n");
        assertEquals(2, strads("run", "mf", "--train", bad.toString(), "--out", out.toString()));
        assertTrue(err.toString().contains(bad + ":2: user id 'u7' is not an integer"), err.toString());
        Path missing = tmp.resolve("missing.tsv");
        assertEquals(2, strads("run", "mf", "--train", f[0].toString(), "--test", missing.toString(), "--out", out.toString()));
        assertTrue(err.toString().contains(missing + ": file not found"), err.toString());
        assertEquals(2, strads("run", "mf", "--train", f[0].toString(), "--rank", "0", "--out", out.toString()));
        assertTrue(err.toString().contains("Invalid --rank: 0"), err.toString());
        assertEquals(2, strads("run", "mf", "--reg", "l1", "--out", out.toString()));
        assertTrue(err.toString().contains("Invalid --reg: l1"), err.toString());
        assertFalse(Files.exists(out), "partial output left at " + out);
    }

    @Test
    void aRankWhoseFactorsCannotFitIsRefusedWithTheMemoryItNeeds() {
        Path out = tmp.resolve("never");
        assertEquals(2, strads("run", "mf", "--rank", "100000", "--out", out.toString()));
        String e = err.toString();
        assertTrue(e.contains("Invalid --rank: 100000 (the mf job (1,000 users x 2,000 items, "), e);
        assertTrue(e.contains(" needs about "), e);
        assertTrue(e.contains("GB of heap"), e);
        assertTrue(e.contains("STRADS_JAVA_OPTS=-Xmx"), e);
        assertFalse(e.contains("OutOfMemoryError"), e);
        assertEquals(2, strads("run", "mf", "--rank", "2000000", "--out", out.toString()));
        assertTrue(err.toString().contains("Invalid --rank: 2000000 (rank x max(users, items) = 2000000 x 2000 factor"
                + " entries exceed the 2147483639 a Java array holds; use at most 1073741)"), err.toString());
        assertFalse(Files.exists(out), "partial output left at " + out);
    }

    @Test
    void testRatingsOfUnseenUsersAndItemsAreCountedApartAndWarnedAbout() throws IOException {
        Path[] f = files();
        Path test = tmp.resolve("test-unseen.tsv");
        Files.writeString(test, Files.readString(f[1]) + "999,1,4.0,0\n5,999,3.0,0\n998,997,1.0,0\n");
        Path out = tmp.resolve("unseen");
        assertEquals(0, strads("run", "mf", "--train", f[0].toString(), "--test", test.toString(), "--rank", "3",
                "--iterations", "2", "--inner", "1", "--quiet", "--out", out.toString()), err.toString());
        JsonNode s = Json.mapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(3, s.get("testRatingsUnseen").asInt());
        assertEquals(Files.readAllLines(f[1]).size() - 1, s.get("testRatings").asInt());
        assertEquals(3, s.get("provenance").get("testRatingsUnseen").asInt());
        assertTrue(s.get("warnings").get(0).asText().startsWith("3 of the "), s.toString());
    }
}

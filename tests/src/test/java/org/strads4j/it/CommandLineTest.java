package org.strads4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strads4j.io.Json;
import org.strads4j.testing.SharedData;

/**
 * {@code strads} as a user runs it: help, a real run with outputs and the output contract (stdout
 * is exactly one JSON document, progress goes to stderr), and every kind of bad input.
 */
class CommandLineTest {
    @TempDir
    Path dir;

    private long entries() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    /** Parses {@code text} as exactly one JSON document: trailing content of any kind fails. */
    static JsonNode singleJsonDocument(String text) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        try (JsonParser p = mapper.getFactory().createParser(text)) {
            JsonNode doc = mapper.readTree(p);
            assertTrue(doc != null && doc.isObject(), "a JSON object on stdout: " + text);
            assertEquals(null, p.nextToken(), "nothing after the summary on stdout: " + text);
            return doc;
        }
    }

    @Test
    void helpExplainsEveryOptionItsLimitsAndTheEnvironment() {
        Cli.Result top = Cli.run("--help");
        assertEquals(0, top.code());
        assertTrue(top.out().contains("run") && top.out().contains("bench"), top.out());
        for (String env : List.of("STRADS_DEBUG", "STRADS_JAVA_OPTS", "STRADS_SHARED", "130/143")) {
            assertTrue(top.out().contains(env), "strads --help documents " + env);
        }
        Cli.Result run = Cli.run("run", "lasso", "--help");
        assertEquals(0, run.code());
        for (String opt : List.of("--data", "--lambda", "--lambda-ratio", "--nodes", "--out", "--overwrite", "--scheduler",
                "--max-rounds", "--tolerance", "--seed", "--block-size", "--rho", "--max-group", "--staleness", "1..20")) {
            assertTrue(run.out().contains(opt), "run lasso --help mentions " + opt);
        }
        Cli.Result bench = Cli.run("bench", "lasso", "--help");
        assertEquals(0, bench.code());
        for (String opt : List.of("--path", "--rscript", "--backups", "--python")) {
            assertTrue(bench.out().contains(opt), "bench lasso --help mentions " + opt);
        }
        Cli.Result badPath = Cli.run("bench", "lasso", "--path", "1");
        assertEquals(2, badPath.code(), badPath.toString());
        assertTrue(badPath.err().contains("Invalid --path: 1"), badPath.err());
    }

    @Test
    void aRunWritesItsResultsPrintsOneJsonDocumentAndProgressOnStderr() throws Exception {
        Path data = SharedData.data("lasso/meats_fat.svm");
        Path out = dir.resolve("meats");
        Cli.Result r = Cli.run("run", "lasso", "--data", data.toString(), "--lambda-ratio", "0.01", "--nodes", "2",
                "--out", out.toString());
        assertEquals(0, r.code(), r.toString());
        JsonNode printed = singleJsonDocument(r.out());
        assertEquals("lasso", printed.get("app").asText());
        for (String progress : List.of("strads: lasso round", "updates/s", "ETA", "dualityGap", "(target ",
                "starting 2 Ignite nodes", "cluster up", "writing results to", "results in")) {
            assertTrue(r.err().contains(progress), "stderr shows '" + progress + "': " + r.err());
        }
        assertFalse(r.out().contains("strads:"), "no progress or notices on stdout");
        Map<?, ?> s = Json.mapper().readValue(out.resolve("summary.json").toFile(), Map.class);
        assertEquals("lasso", s.get("app"));
        assertEquals("model-parallel", s.get("schedule"));
        assertEquals("priority", s.get("scheduler"));
        assertEquals(2, s.get("nodes"));
        assertEquals(3, s.get("nnz"));
        assertEquals(15.0255030121, (Double) s.get("objective"), 15.0255030121 * 1e-6);
        assertEquals(printed.get("objective").asDouble(), (Double) s.get("objective"), 0.0);
        assertEquals(List.of("coefficients.txt", "metrics.jsonl", "summary.json"),
                ((Map<?, ?>) s.get("provenance")).get("outputs"));
        assertTrue(Files.readAllLines(out.resolve("metrics.jsonl")).size() >= 1);
        assertEquals(3, Files.readAllLines(out.resolve("coefficients.txt")).size());
        assertEquals(1, entries(), "only the output directory, no staging left");
    }

    @Test
    void withoutAGpuAutoSaysSoOnceAndGpuIsRefused() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(org.strads4j.kernel.Gpu.available(),
                "this machine has a GPU: LassoKernelTest runs the GPU kernels instead");
        Path run = dir.resolve("auto");
        Cli.Result auto = Cli.run("run", "lasso", "--max-rounds", "20", "--device", "auto", "--out", run.toString());
        assertEquals(0, auto.code(), auto.toString());
        assertEquals(1, auto.err().split("device auto: CPU kernels \\(", -1).length - 1, "said once: " + auto.err());
        Map<?, ?> s = Json.mapper().readValue(run.resolve("summary.json").toFile(), Map.class);
        assertEquals("cpu (plain Java)", ((Map<?, ?>) s.get("provenance")).get("kernels"), "provenance");
        Path out = dir.resolve("gpu");
        Cli.Result gpu = Cli.run("run", "lasso", "--device", "gpu", "--out", out.toString());
        assertEquals(2, gpu.code(), gpu.toString());
        assertTrue(gpu.err().startsWith("strads: error: Invalid --device: gpu (")
                && gpu.err().contains("--device auto uses the CPU kernels"), gpu.err());
        assertFalse(gpu.err().contains("cluster up"), "refused before any node started");
        assertFalse(Files.exists(out), "no output directory");
    }

    @Test
    void quietPrintsTheSummaryAndNothingElse() throws Exception {
        Cli.Result r = Cli.run("run", "lasso", "--quiet", "--max-rounds", "3");   // the default job converges in 5
        assertEquals(0, r.code(), r.toString());
        assertEquals("max-rounds", singleJsonDocument(r.out()).get("stopReason").asText());
        assertEquals("", r.err(), "--quiet: nothing on stderr");
    }

    @Test
    void badInputExitsTwoWithOnePrefixNamingTheProblemAndLeavesNoOutput() throws Exception {
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
            {new String[] {"run", "lasso", "--nodes", "21"}, "Invalid --nodes: 21 (must be 1..20"},
            {new String[] {"run", "lasso", "--scheduler", "fastest"}, "Invalid --scheduler: fastest"},
            {new String[] {"run", "lasso", "--lambda", "1", "--lambda-ratio", "0.1"}, "mutually exclusive"},
            {new String[] {"run", "lasso", "--nodes", "three"}, "--nodes"},
            {new String[] {"run", "lasso", "--staleness", "7"}, "Invalid --staleness: 7 (must be 0..6"},
            {new String[] {"run", "nosuchapp"}, "nosuchapp"},
            {new String[] {"run", "lasso", "--device", "tpu"}, "Invalid --device: tpu (must be cpu, blas, gpu or auto)"},
            {new String[] {"run", "mf", "--device", "blas"}, "Invalid --device: blas (mf has no BLAS kernels"},
            {new String[] {"run", "mf", "--schedule", "data-parallel", "--device", "gpu"},
                "Invalid --device: gpu (mf's data-parallel schedule has CPU kernels only"},
        };
        for (Object[] c : cases) {
            String[] args = (String[]) c[0];
            String[] withOut = Stream.concat(Stream.of(args), Stream.of("--out", out.toString())).toArray(String[]::new);
            Cli.Result r = Cli.run(args[1].equals("nosuchapp") ? args : withOut);
            assertEquals(2, r.code(), String.join(" ", args) + " -> " + r);
            assertTrue(r.err().startsWith("strads: error: "), "one error prefix: " + r.err());
            assertTrue(r.err().contains((String) c[1]), "expected '" + c[1] + "' in: " + r.err());
            assertFalse(r.err().contains("cluster up"), "refused before any node started: " + r.err());
            assertEquals("", r.out(), "nothing on stdout");
            assertFalse(Files.exists(out), "no output directory after: " + String.join(" ", args));
        }
        assertEquals(2, entries(), "only the two input files");
    }
}

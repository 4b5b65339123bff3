package org.strads4j.apps.lda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strads4j.api.BadInputException;
import org.strads4j.api.Job;
import org.strads4j.api.JobSpec;
import org.strads4j.cli.Main;
import org.strads4j.cluster.EmbeddedCluster;
import org.strads4j.engine.JobRunner;
import org.strads4j.engine.RunListener;

/** Whole LDA jobs on embedded Ignite clusters: recovery of known topics, 1 vs 3 nodes, output files, bad input. */
class LdaEngineTest {
    private static final int TRUE_TOPICS = 6;
    private static final int WORDS_PER_TOPIC = 25;

    @TempDir
    static Path tmp;
    static Path synthetic;

    @BeforeAll
    static void writeSyntheticCorpus() throws IOException {
        synthetic = tmp.resolve("synthetic");
        SyntheticCorpus.generate(TRUE_TOPICS, WORDS_PER_TOPIC, 300, 60, 2024).writeUci(synthetic);
    }

    private static JobRunner.Run run(LdaOptions o, int nodes, Path out) {
        Job job = new LdaApp().plan(o.spec(nodes, 7));
        try (EmbeddedCluster cluster = EmbeddedCluster.start(nodes)) {
            return JobRunner.run(cluster, job, RunListener.none(), out);
        }
    }

    @Test
    void recoversKnownTopicsOnOneAndThreeNodes() throws IOException {
        LdaOptions o = LdaOptions.defaults().withCorpus(synthetic).withTopics(TRUE_TOPICS).withIterations(150)
                .withLogEvery(50);
        Path out1 = tmp.resolve("syn1");
        Path out3 = tmp.resolve("syn3");
        JobRunner.Run one = run(o, 1, out1);
        JobRunner.Run three = run(o, 3, out3);
        assertRecovered(out1.resolve("topics.txt"));
        assertRecovered(out3.resolve("topics.txt"));
        double ll1 = one.result().last().metric("logLikelihoodPerToken");
        double ll3 = three.result().last().metric("logLikelihoodPerToken");
        assertEquals(ll1, ll3, 0.02, "1 node vs 3 nodes");
        assertEquals(150L, three.summary().get("iterations"));
        assertEquals(150L, three.result().rounds(), "a round is an iteration");
    }

    /** Every learned topic's top 10 words come from one true topic, and each true topic is found once. */
    private static void assertRecovered(Path topicsFile) throws IOException {
        List<String> lines = Files.readAllLines(topicsFile);
        Set<Integer> found = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] words = line.split("\t")[2].split(" ");
            int truth = Integer.parseInt(words[0].substring(1, 3));
            for (int i = 0; i < 10; i++) {
                assertEquals(truth, Integer.parseInt(words[i].substring(1, 3)), "topic line: " + line);
            }
            found.add(truth);
        }
        assertEquals(TRUE_TOPICS, found.size(), "each true topic recovered once: " + lines);
    }

    @Test
    void commandLineWritesEveryOutputFile() throws IOException {
        Path out = tmp.resolve("cli");
        int code = Main.execute("run", "lda", "--corpus", synthetic.toString(), "--topics", "6", "--iterations", "20",
                "--log-every", "5", "--nodes", "2", "--out", out.toString(), "--quiet");
        assertEquals(0, code);
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        for (String field : List.of("app", "schedule", "nodes", "topics", "alpha", "beta", "iterations", "seconds",
                "tokens", "tokensPerSecond", "logLikelihoodPerToken", "perplexity", "provenance")) {
            assertTrue(s.has(field), "summary.json has " + field);
        }
        assertEquals("lda", s.get("app").asText());
        assertEquals(2, s.get("nodes").asInt());
        assertEquals(20, s.get("iterations").asInt());
        assertEquals(18_000, s.get("tokens").asInt());
        assertTrue(s.get("logLikelihoodPerToken").asDouble() < 0);
        assertTrue(s.get("perplexity").asDouble() > 1 && s.get("perplexity").asDouble() < 150);
        assertEquals("uci-bag-of-words", s.get("provenance").get("corpusFormat").asText());
        JsonNode inputs = s.get("provenance").get("inputs");
        assertEquals(2, inputs.size(), inputs.toString());
        assertTrue(inputs.get(0).get("path").asText().endsWith("docword.txt"), inputs.toString());
        assertTrue(inputs.get(1).get("path").asText().endsWith("vocab.txt"), inputs.toString());
        assertFalse(s.get("provenance").has("docwordSha256"));
        List<String> metrics = Files.readAllLines(out.resolve("metrics.jsonl"));
        assertEquals(4, metrics.size());
        assertEquals(20, org.strads4j.io.Json.mapper().readTree(metrics.get(3)).get("iteration").asLong(), metrics.get(3));
        assertEquals(7, Files.readAllLines(out.resolve("topics.txt")).size());
        List<String> docs = Files.readAllLines(out.resolve("doc_topics.txt"));
        assertEquals(301, docs.size());
        double sum = 0;
        for (String e : docs.get(1).split(" ")) {
            if (e.contains(":")) {
                sum += Double.parseDouble(e.split(":")[1]);
            }
        }
        assertTrue(sum > 0.9 && sum <= 1.0001, "theta of the topics present sums to at most 1: " + sum);
    }

    @Test
    void badInputExitsTwoWithoutOutput() throws IOException {
        Path bad = tmp.resolve("bad");
        Files.createDirectories(bad);
        Files.writeString(bad.resolve("docword.txt"), "2\n2\n2\n1 1 1\n2 2 -1\n");
        Files.writeString(bad.resolve("vocab.txt"), "a\nb\n");
        Path out = tmp.resolve("bad-out");
        assertEquals(2, Main.execute("run", "lda", "--corpus", bad.toString(), "--out", out.toString(), "--quiet"));
        assertFalse(Files.exists(out), "no partial output");
        BadInputException e = assertThrows(BadInputException.class, () -> new LdaApp().plan(
                LdaOptions.defaults().withCorpus(bad).spec(1, 1)));
        assertTrue(e.getMessage().endsWith("docword.txt:5: count -1 must be a positive integer"), e.getMessage());
        assertEquals(2, Main.execute("run", "lda", "--topics", "0", "--quiet"));
        assertEquals(2, Main.execute("run", "lda", "--alpha", "-1", "--quiet"));
        assertEquals(2, Main.execute("run", "lda", "--corpus", tmp.resolve("missing").toString(), "--quiet"));
        BadInputException blocks = assertThrows(BadInputException.class, () -> new LdaApp().plan(
                LdaOptions.defaults().withCorpus(synthetic).spec(2, 1).withParams(Map.of("blocksPerWorker", 0))));
        assertEquals("Invalid --blocks-per-worker: 0 (must be 1..1048576)", blocks.getMessage());
        assertEquals(2, Main.execute("run", "lda", "--blocks-per-worker", "0", "--quiet"));
        assertEquals("Invalid --topics: 0 (must be 1..65536)", assertThrows(BadInputException.class,
                () -> LdaOptions.defaults().withTopics(0)).getMessage());
    }

    @Test
    void plainTextCorpusRunsEndToEnd() throws IOException {
        Path text = tmp.resolve("docs.txt");
        StringBuilder b = new StringBuilder();
        String[] themes = {"river water boat fishing bridge", "market price trade money stock"};
        for (int d = 0; d < 40; d++) {
            b.append("The ").append(themes[d % 2]).append(" and ").append(themes[d % 2].split(" ")[d % 5])
                    .append(" unique").append((char) ('a' + d % 26)).append((char) ('a' + d / 26)).append('\n');
        }
        Files.writeString(text, b.toString());
        Path out = tmp.resolve("text-out");
        assertEquals(0, Main.execute("run", "lda", "--corpus", text.toString(), "--topics", "2", "--iterations", "30",
                "--min-df", "2", "--out", out.toString(), "--quiet"));
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(40 * 6, s.get("tokens").asInt(), "stop words and words in one document dropped");
        assertEquals(10, s.get("vocabulary").asInt());
        List<String> topics = Files.readAllLines(out.resolve("topics.txt"));
        for (String line : topics.subList(1, 3)) {
            String top5 = String.join(" ", List.of(line.split("\t")[2].split(" ")).subList(0, 5));
            assertTrue(Set.of(top5.split(" ")).equals(Set.of(themes[0].split(" ")))
                    || Set.of(top5.split(" ")).equals(Set.of(themes[1].split(" "))), "a topic per theme: " + topics);
        }
    }

    @Test
    void brokenCountsStopTheJob() {
        LdaHyperparameters h = new LdaHyperparameters(2, 0.1, 0.01, 3, 1);
        LdaEvaluate e = new LdaEvaluate(h, 10);
        double[][] partials = {{0, 10, 0, 6, 4}};
        e.checkTotals(1, new long[] {6, 4}, partials, 10);
        IllegalStateException x = assertThrows(IllegalStateException.class,
                () -> e.checkTotals(1, new long[] {6, 3}, partials, 10));
        assertTrue(x.getMessage().contains("count invariant broken"), x.getMessage());
        assertThrows(IllegalStateException.class, () -> e.checkTotals(1, new long[] {5, 5}, partials, 10));
    }

    @Test
    void specCarriesTheOptions() {
        JobSpec spec = LdaOptions.defaults().withTopics(7).withIterations(12).spec(3, 5);
        assertEquals(12, spec.maxRounds(), "a round is an iteration, on any node count");
        assertEquals(10, spec.evalEvery());
        assertEquals(LdaOptions.defaults().withTopics(7).withIterations(12), LdaOptions.from(spec));
    }
}

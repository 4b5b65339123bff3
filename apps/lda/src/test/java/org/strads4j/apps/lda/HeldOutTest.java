package org.strads4j.apps.lda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strads4j.cli.Main;
import org.strads4j.io.Json;

/**
 * Held-out evaluation and inference against a corpus drawn from known topics: the learned topics
 * must score held-out documents about as well as the true ones, and folding the training
 * documents back in must give the proportions the training chain ended with.
 */
class HeldOutTest {
    private static final int K = 5;
    private static final double ALPHA = 0.1;
    @TempDir
    static Path tmp;
    static TopicModelCorpus truth;
    static Corpus heldOut;
    static StandaloneGibbs trained;
    static Path trainDir;
    static Path testDir;

    @BeforeAll
    static void trainOnAGeneratedCorpus() throws IOException {
        truth = TopicModelCorpus.generate(TopicModelCorpus.Spec.parse(
                "synthetic:tokens=100k,vocabulary=1000,topics=" + K + ",length=100,alpha=" + ALPHA + ",seed=3"));
        heldOut = truth.draw(200, 5);
        trained = new StandaloneGibbs(truth.corpus(), K, ALPHA, 0.01, 7);
        trained.sweep(200);
        trainDir = tmp.resolve("train");
        testDir = tmp.resolve("test");
        truth.corpus().writeUci(trainDir);
        heldOut.writeUci(testDir);
    }

    /** The true topics of the generator, as the evaluator sees topics. */
    private static HeldOutEvaluator.Topics trueTopics() {
        return new HeldOutEvaluator.Topics() {
            @Override
            public int topics() {
                return K;
            }

            @Override
            public int vocabularySize() {
                return truth.corpus().vocabularySize();
            }

            @Override
            public void column(int w, double[] out) {
                for (int k = 0; k < K; k++) {
                    out[k] = truth.wordProbability(k, w);
                }
            }
        };
    }

    @Test
    void learnedTopicsScoreHeldOutDocumentsAlmostAsWellAsTheTrueOnes() {
        HeldOutEvaluator e = new HeldOutEvaluator(HeldOutEvaluator.DEFAULT_BURN_IN, HeldOutEvaluator.DEFAULT_SAMPLES, 1);
        HeldOutEvaluator.Result learned = e.documentCompletion(trained.model(truth.corpus().vocabulary()), ALPHA, heldOut);
        HeldOutEvaluator.Result real = e.documentCompletion(trueTopics(), ALPHA, heldOut);
        int w = truth.corpus().vocabularySize();
        HeldOutEvaluator.Result uniform = e.documentCompletion(new HeldOutEvaluator.Topics() {
            @Override
            public int topics() {
                return K;
            }

            @Override
            public int vocabularySize() {
                return w;
            }

            @Override
            public void column(int word, double[] out) {
                java.util.Arrays.fill(out, 1.0 / w);
            }
        }, ALPHA, heldOut);
        System.out.printf("held-out perplexity: learned %.1f, true topics %.1f, uniform %.1f (%d tokens scored)%n",
                learned.perplexity(), real.perplexity(), uniform.perplexity(), learned.tokens());
        assertEquals(real.tokens(), learned.tokens());
        assertEquals(heldOut.tokens() / 2, learned.tokens(), heldOut.documents());
        assertEquals(1.0, learned.perplexity() / real.perplexity(), 0.05, "learned vs true topics");
        assertTrue(learned.perplexity() < 0.8 * uniform.perplexity(), "far better than knowing nothing");
    }

    @Test
    void foldingTheTrainingDocumentsBackInGivesTheirProportions() {
        double[][] chain = trained.docTopicProportions();
        double[][] inferred = new HeldOutEvaluator(20, 30, 2).infer(trained.model(truth.corpus().vocabulary()), ALPHA,
                truth.corpus());
        double l1 = 0;
        int agree = 0;
        for (int d = 0; d < chain.length; d++) {
            for (int k = 0; k < K; k++) {
                l1 += Math.abs(chain[d][k] - inferred[d][k]);
            }
            agree += argmax(chain[d]) == argmax(inferred[d]) ? 1 : 0;
        }
        double meanL1 = l1 / chain.length;
        System.out.printf("infer on the training documents: mean L1 %.4f, top topic agrees on %d of %d%n", meanL1,
                agree, chain.length);
        assertTrue(meanL1 < 0.1, "mean L1 distance " + meanL1);
        assertTrue(agree >= 0.95 * chain.length, agree + " of " + chain.length);
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void runWithATestCorpusThenInferFromItsModel() throws IOException {
        Path out = tmp.resolve("run");
        int code = Main.execute("run", "lda", "--corpus", trainDir.toString(), "--test-corpus", testDir.toString(),
                "--topics", String.valueOf(K), "--iterations", "100", "--log-every", "50", "--nodes", "2",
                "--out", out.toString(), "--quiet");
        assertEquals(0, code);
        Map<String, Object> summary = Json.mapper().readValue(Files.readString(out.resolve("summary.json")), Map.class);
        double perplexity = ((Number) summary.get("heldOutPerplexity")).doubleValue();
        HeldOutEvaluator.Result real = new HeldOutEvaluator(20, 30, 1).documentCompletion(trueTopics(), ALPHA, heldOut);
        assertEquals(1.0, perplexity / real.perplexity(), 0.06, "held-out perplexity of the run vs the true topics");
        assertEquals(heldOut.tokens() / 2, ((Number) summary.get("heldOutTokens")).longValue(), heldOut.documents());
        assertTrue(Files.exists(out.resolve(TopicWordCounts.MODEL_FILE)));
        TopicWordCounts model = TopicWordCounts.read(out);
        assertEquals(truth.corpus().tokens(), model.tokens(), "every training token in the saved counts");

        Path inferred = tmp.resolve("inferred");
        assertEquals(0, Main.execute("infer", "--model", out.toString(), "--corpus", trainDir.toString(), "--out",
                inferred.toString()));
        double[][] fromRun = LdaInferCommand.read(out.resolve("doc_topics.txt"), K);
        double[][] fromInfer = LdaInferCommand.read(inferred.resolve("doc_topics.txt"), K);
        assertEquals(truth.corpus().documents(), fromInfer.length);
        int agree = 0;
        for (int d = 0; d < fromRun.length; d++) {
            agree += argmax(fromRun[d]) == argmax(fromInfer[d]) ? 1 : 0;
        }
        assertTrue(agree >= 0.95 * fromRun.length, "top topic agrees on " + agree + " of " + fromRun.length);
        Map<String, Object> inferSummary = Json.mapper().readValue(Files.readString(inferred.resolve("summary.json")),
                Map.class);
        assertEquals(List.of("doc_topics.txt", "summary.json"),
                ((Map<?, ?>) inferSummary.get("provenance")).get("outputs"));
    }

    @Test
    void aBrokenModelIsRefusedNamingTheFileAndLineAndWritesNothing() throws IOException {
        Path model = tmp.resolve("broken-model");
        trained.model(truth.corpus().vocabulary()).write(Files.createDirectories(model), Map.of());
        List<String> lines = Files.readAllLines(model.resolve(TopicWordCounts.COUNTS_FILE));
        lines.set(3, lines.get(3) + "\t2:x");
        Files.write(model.resolve(TopicWordCounts.COUNTS_FILE), lines);
        Path out = tmp.resolve("never");
        String err = stderrOf(() -> assertEquals(2, Main.execute("infer", "--model", model.toString(), "--corpus",
                trainDir.toString(), "--out", out.toString())));
        assertTrue(err.contains(TopicWordCounts.COUNTS_FILE + ":4: '2:x' is not topic:count"), err);
        assertFalse(Files.exists(out), "no output after bad input");

        Files.delete(model.resolve(TopicWordCounts.COUNTS_FILE));
        err = stderrOf(() -> assertEquals(2, Main.execute("infer", "--model", model.toString(), "--corpus",
                trainDir.toString(), "--out", out.toString())));
        assertTrue(err.contains(TopicWordCounts.COUNTS_FILE + ": no such file"), err);
        assertFalse(Files.exists(out));
    }

    @Test
    void aBadTestCorpusStopsTheRunBeforeItStarts() throws IOException {
        Path bad = Files.createDirectories(tmp.resolve("bad-test"));
        Files.writeString(bad.resolve("vocab.txt"), "w1\nw2\n");
        Files.writeString(bad.resolve("docword.txt"), "1\n2\n1\n1 1 -3\n");
        Path out = tmp.resolve("bad-run");
        String err = stderrOf(() -> assertEquals(2, Main.execute("run", "lda", "--corpus", trainDir.toString(),
                "--test-corpus", bad.toString(), "--iterations", "5", "--out", out.toString(), "--quiet")));
        assertTrue(err.contains("docword.txt:4"), err);
        assertFalse(Files.exists(out));
        err = stderrOf(() -> assertEquals(2, Main.execute("run", "lda", "--corpus", trainDir.toString(),
                "--test-corpus", "synthetic:tokens=10k", "--iterations", "5", "--out", out.toString(), "--quiet")));
        assertTrue(err.contains("Invalid --test-corpus: synthetic:tokens=10k (a generated corpus has topics of its own"), err);
        assertFalse(Files.exists(out));
    }

    private static String stderrOf(Runnable r) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}

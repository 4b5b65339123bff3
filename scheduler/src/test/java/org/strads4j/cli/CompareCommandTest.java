package org.strads4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strads4j.api.BadInputException;
import org.strads4j.api.Evaluation;
import org.strads4j.api.JobResult;
import org.strads4j.api.JobSpec;

/**
 * The parts of {@code strads compare} that need no app: the options it refuses, which value the
 * charts plot and how, the PNGs, compare.json's runs and the table. End to end on Lasso:
 * {@code CompareLassoTest}.
 */
class CompareCommandTest {
    @TempDir
    Path tmp;

    private static Map<String, Object> row(long round, double seconds, long updates, double objective,
                                           Object... metric) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("round", round);
        r.put("seconds", seconds);
        r.put("objective", objective);
        r.put("updates", updates);
        for (int i = 0; i < metric.length; i += 2) {
            r.put((String) metric[i], metric[i + 1]);
        }
        return r;
    }

    private static List<Map<String, Object>> descending(double... objectives) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < objectives.length; i++) {
            rows.add(row(10L * (i + 1), 0.5 * (i + 1), 100L * (i + 1), objectives[i]));
        }
        return rows;
    }

    private static ExecutionOptions options(Path out) {
        ExecutionOptions exec = new ExecutionOptions();
        exec.out = out;
        return exec;
    }

    /** An app's run command over {@code exec}, for an app that need not exist. */
    private static JobCommand command(ExecutionOptions exec) {
        return new JobCommand() {
            @Override
            public JobSpec spec() {
                return JobSpec.defaults("no-such-app");
            }

            @Override
            public ExecutionOptions execution() {
                return exec;
            }
        };
    }

    private static String refusal(ExecutionOptions exec) {
        return assertThrows(BadInputException.class, () -> CompareCommand.specs("no-such-app", command(exec)))
                .getMessage();
    }

    @Test
    void refusesWhatAComparisonCannotDoBeforeLookingForTheApp() {
        assertTrue(refusal(options(null)).startsWith("Invalid --out: compare needs --out DIR"));
        ExecutionOptions overwrite = options(tmp.resolve("o"));
        overwrite.overwrite = true;
        assertTrue(refusal(overwrite).startsWith("Invalid --overwrite"));
        ExecutionOptions schedule = options(tmp.resolve("o"));
        schedule.schedule = JobSpec.PARAM_SERVER;
        assertTrue(refusal(schedule).startsWith("Invalid --schedule: param-server (compare runs every schedule"));
        ExecutionOptions resume = options(tmp.resolve("o"));
        resume.resume = tmp.resolve("ckpt");
        assertTrue(refusal(resume).startsWith("Invalid --resume"));
        ExecutionOptions checkpoints = options(tmp.resolve("o"));
        checkpoints.checkpointDir = tmp.resolve("ckpt");
        assertTrue(refusal(checkpoints).startsWith("Invalid --checkpoint-dir"));
        assertEquals("Unknown app: no-such-app", refusal(options(tmp.resolve("o"))));
        assertFalse(Files.exists(tmp.resolve("o")));
    }

    @Test
    void chartsTheAppsMainMetric() {
        assertEquals("objective", CompareCharts.metric(List.of(descending(3, 2, 1))));
        List<Map<String, Object>> mf = List.of(row(1, 0.1, 10, 5.0, "trainRmse", 0.9, "testRmse", 1.1));
        assertEquals("testRmse", CompareCharts.metric(List.of(descending(3), mf)));
        List<Map<String, Object>> lda = List.of(row(1, 0.1, 10, 5.0, "logLikelihoodPerToken", -7.5));
        assertEquals("logLikelihoodPerToken", CompareCharts.metric(List.of(lda)));
        assertEquals("objective - best (log scale)", CompareCharts.label("objective"));
        assertEquals("testRmse", CompareCharts.label("testRmse"));
    }

    @Test
    void plotsAnObjectiveAsItsSuboptimalityAndClipsADivergingRun() {
        List<Map<String, Object>> good = descending(4.0, 2.5, 2.0);
        List<Map<String, Object>> bad = descending(3.0, 1e6, Double.POSITIVE_INFINITY, Double.NaN);
        CompareCharts.Plot plot = CompareCharts.Plot.of(List.of(good, bad));
        assertEquals(2.0, plot.best());
        assertTrue(plot.suboptimality());
        // the largest first suboptimality is 4 - 2 (plus eps); the ceiling is 1000 times it
        assertEquals(2000.0, plot.ceiling(), 1e-6);
        double[][] g = CompareCharts.points(good, "seconds", plot);
        assertArrayEquals(new double[] {0.5, 1.0, 1.5}, g[0]);
        assertArrayEquals(new double[] {2.0, 0.5, 0.0}, g[1], 1e-9);
        assertTrue(g[1][2] > 0, "the best point stays on a log axis");
        double[][] b = CompareCharts.points(bad, "updates", plot);
        assertArrayEquals(new double[] {100, 200, 300}, b[0]);   // the NaN row is left out
        assertEquals(plot.ceiling(), b[1][1], 0.0);
        assertEquals(plot.ceiling(), b[1][2], 0.0);
        assertTrue(CompareCharts.clipped(bad, plot));
        assertFalse(CompareCharts.clipped(good, plot));

        List<Map<String, Object>> mf = List.of(row(1, 0.1, 10, 5.0, "testRmse", 1.1),
                row(2, 0.2, 20, 4.0, "testRmse", 0.95));
        CompareCharts.Plot rmse = CompareCharts.Plot.of(List.of(mf));
        assertFalse(rmse.suboptimality());
        assertArrayEquals(new double[] {1.1, 0.95}, CompareCharts.points(mf, "seconds", rmse)[1]);
    }

    @Test
    void writesTwoPngsThatDecodeHeadless() throws IOException {
        Map<String, List<Map<String, Object>>> runs = new LinkedHashMap<>();
        runs.put(JobSpec.MODEL_PARALLEL, descending(4.0, 2.5, 2.0));
        runs.put(JobSpec.DATA_PARALLEL, descending(4.0, 3.0, 2.6, 2.3));
        runs.put(JobSpec.PARAM_SERVER, descending(3.0, 1e9, Double.POSITIVE_INFINITY));
        List<String> files = CompareCharts.write(tmp, "probe", runs);
        assertEquals(List.of(CompareCharts.BY_SECONDS, CompareCharts.BY_UPDATES), files);
        for (String f : files) {
            BufferedImage image = ImageIO.read(tmp.resolve(f).toFile());
            assertNotNull(image, f);
            assertTrue(image.getWidth() > 0 && image.getHeight() > 0, f);
        }
        assertEquals("true", System.getProperty("java.awt.headless"));
    }

    @Test
    void writesNoChartWithoutAPoint() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("none"));
        Map<String, List<Map<String, Object>>> runs = Map.of(JobSpec.MODEL_PARALLEL, descending(Double.NaN));
        assertEquals(List.of(), CompareCharts.write(dir, "probe", runs));
        try (var entries = Files.list(dir)) {
            assertEquals(0, entries.count());
        }
    }

    @Test
    void reportsEveryRunAndTheFailedOnesError() {
        JobSpec base = JobSpec.defaults("probe").withNodes(2).withStaleness(1);
        JobSpec mp = base.withSchedule(JobSpec.MODEL_PARALLEL);
        JobResult result = new JobResult(mp, 30, 300, 1.5, Evaluation.of(2.0, true), "converged",
                descending(4.0, 2.5, 2.0), Instant.now(), Map.of());
        List<CompareCommand.Outcome> outcomes = List.of(new CompareCommand.Outcome(mp, result, null),
                new CompareCommand.Outcome(base.withSchedule(JobSpec.DATA_PARALLEL), null, "worker 1 failed"));
        Map<String, Object> r = CompareCommand.report(base, outcomes, "objective",
                new CompareCommand.Charts(List.of(CompareCharts.BY_SECONDS), null), "2 nodes", Instant.now());
        assertEquals("probe", r.get("app"));
        assertEquals(List.of(JobSpec.MODEL_PARALLEL, JobSpec.DATA_PARALLEL), r.get("schedules"));
        assertFalse(((Map<?, ?>) r.get("spec")).containsKey("schedule"));
        assertEquals(2.0, r.get("bestObjective"));
        List<?> runs = (List<?>) r.get("runs");
        Map<?, ?> ran = (Map<?, ?>) runs.get(0);
        assertEquals("converged", ran.get("stopReason"));
        assertEquals(30L, ran.get("rounds"));
        assertEquals(2.0, ran.get("objective"));
        assertEquals(1, ran.get("staleness"));
        assertEquals(3, ((List<?>) ran.get("metrics")).size());
        Map<?, ?> failed = (Map<?, ?>) runs.get(1);
        assertEquals("worker 1 failed", failed.get("error"));
        assertEquals(0, failed.get("staleness"));   // data-parallel rounds are barriers
        assertFalse(failed.containsKey("objective"));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CompareCommand.printTable(outcomes, "objective", new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[0].startsWith("schedule") && lines[0].contains("stop reason"), lines[0]);
        assertTrue(lines[1].startsWith("model-parallel") && lines[1].contains("converged")
                && lines[1].contains("2.000000000"), lines[1]);
        assertTrue(lines[2].startsWith("data-parallel") && lines[2].endsWith("failed: worker 1 failed"), lines[2]);
    }
}

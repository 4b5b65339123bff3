package org.strads4j.apps.lasso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strads4j.api.App;
import org.strads4j.api.JobSpec;
import org.strads4j.cli.Main;
import org.strads4j.io.Json;
import picocli.CommandLine;

/**
 * {@code strads compare lasso} end to end on the bundled data: one run per schedule the app
 * supports, compare.json, each run's own results, and two charts that decode; and an output
 * directory of the user's that it refuses and leaves as it was.
 */
class CompareLassoTest {
    @TempDir
    Path tmp;

    private final StringWriter err = new StringWriter();

    private int strads(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void comparesEverySupportedScheduleAndDrawsBothCharts() throws IOException {
        Path out = tmp.resolve("cmp");
        int code = strads("compare", "lasso", "--nodes", "2", "--max-rounds", "500", "--quiet",
                "--out", out.toString());
        assertEquals(0, code, err.toString());

        JsonNode c = Json.mapper().readTree(out.resolve("compare.json").toFile());
        assertEquals("lasso", c.get("app").asText());
        assertEquals(2, c.get("spec").get("nodes").asInt());
        assertEquals("objective", c.get("metric").asText());
        List<String> schedules = App.named("lasso").schedules();
        JsonNode runs = c.get("runs");
        assertEquals(schedules, Json.mapper().convertValue(c.get("schedules"), List.class));
        assertEquals(schedules.size(), runs.size());
        for (int i = 0; i < schedules.size(); i++) {
            JsonNode r = runs.get(i);
            String schedule = schedules.get(i);
            String what = schedule + ": " + ((ObjectNode) r.deepCopy()).without("metrics");
            assertEquals(schedule, r.get("schedule").asText());
            assertFalse(r.has("error"), what);
            assertTrue(r.get("objective").isNumber() && r.get("objective").asDouble() > 0, what);
            assertTrue(r.get("rounds").asLong() > 0, what);
            assertTrue(r.get("metrics").size() > 0, what);
            if (schedule.equals(JobSpec.MODEL_PARALLEL)) {
                assertEquals("converged", r.get("stopReason").asText(), what);
            }
            JsonNode summary = Json.mapper().readTree(out.resolve(schedule).resolve("summary.json").toFile());
            assertEquals(schedule, summary.get("schedule").asText());
            assertEquals(r.get("objective").asDouble(), summary.get("objective").asDouble(), 0.0);
            assertTrue(Files.isRegularFile(out.resolve(schedule).resolve("metrics.jsonl")));
            assertTrue(r.get("objective").asDouble() >= c.get("bestObjective").asDouble(), what);
        }

        assertEquals(List.of("objective-vs-seconds.png", "objective-vs-updates.png"),
                Json.mapper().convertValue(c.get("charts"), List.class));
        for (String png : List.of("objective-vs-seconds.png", "objective-vs-updates.png")) {
            BufferedImage image = ImageIO.read(out.resolve(png).toFile());
            assertNotNull(image, png + " is not an image ImageIO reads");
            assertTrue(image.getWidth() > 0 && image.getHeight() > 0, png);
        }
        try (Stream<Path> siblings = Files.list(tmp)) {
            assertEquals(List.of(out), siblings.toList(), "a staging directory was left beside the result");
        }
    }

    @Test
    void givesPipelineToModelParallelAndStalenessToParamServer() throws IOException {
        Path out = tmp.resolve("cmp");
        assertEquals(0, strads("compare", "lasso", "--nodes", "2", "--pipeline", "1", "--staleness", "unbounded",
                "--max-rounds", "20", "--quiet", "--out", out.toString()), err.toString());
        JsonNode c = Json.mapper().readTree(out.resolve("compare.json").toFile());
        for (JsonNode r : c.get("runs")) {
            int expected = switch (r.get("schedule").asText()) {
                case JobSpec.MODEL_PARALLEL -> 1;
                case JobSpec.PARAM_SERVER -> JobSpec.UNBOUNDED;
                default -> 0;
            };
            assertEquals(expected, r.get("staleness").asInt(), r.get("schedule").asText());
            JsonNode spec = Json.mapper().readTree(out.resolve(r.get("dir").asText()).resolve("summary.json").toFile())
                    .get("provenance").get("spec");
            assertEquals(expected, spec.get("staleness").asInt(), r.get("schedule").asText());
        }
    }

    @Test
    void refusesAnOutDirectoryOfTheUsersWithExitTwoAndLeavesItAlone() throws IOException {
        Path out = tmp.resolve("mine");
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "my notes\n");
        assertEquals(2, strads("compare", "lasso", "--nodes", "2", "--quiet", "--out", out.toString()));
        assertTrue(err.toString().contains("strads: error: Invalid --out: "), err.toString());
        try (Stream<Path> entries = Files.list(out)) {
            assertEquals(List.of(out.resolve("notes.txt")), entries.toList());
        }
        assertEquals("my notes\n", Files.readString(out.resolve("notes.txt")));
        try (Stream<Path> siblings = Files.list(tmp)) {
            assertEquals(List.of(out), siblings.toList());
        }
    }

    @Test
    void refusesToRunWithoutOut() {
        assertEquals(2, strads("compare", "lasso", "--quiet"));
        assertTrue(err.toString().contains("strads: error: Invalid --out: compare needs --out DIR"), err.toString());
    }
}

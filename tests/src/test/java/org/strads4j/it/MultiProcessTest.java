package org.strads4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.strads4j.cluster.ClientNode;
import org.strads4j.cluster.LocalServers;
import org.strads4j.io.Json;

/**
 * A real multi-process cluster: 3 server JVMs started as a user starts them ({@code strads node},
 * a port range of their own, loopback), and jobs submitted with {@code strads submit} from this JVM
 * (a client node). Each bundled app gives the same result as the embedded run with the same seed
 * and node count; a killed submitter does not stop its job; servers joining and leaving between jobs
 * break nothing. Every process is stopped after the class, also when a test fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiProcessTest {
    private static LocalServers servers;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        servers = LocalServers.start(3, jvmOptions());
        try (ClientNode c = servers.client()) {
            assertEquals(3, c.servers());
        }
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    static Path jvmOptions() {
        return Path.of(System.getProperty("strads.root", "..")).resolve("bin/jvm.options").toAbsolutePath();
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    /** Runs {@code run ARGS} and {@code submit ARGS}; returns both summary.json documents. */
    private JsonNode[] embeddedAndSubmitted(String app, String... args) throws Exception {
        return embeddedAndSubmittedAs(app, app, args);
    }

    /** {@link #embeddedAndSubmitted}, the results in {@code NAME-embedded} and {@code NAME-submitted}. */
    private JsonNode[] embeddedAndSubmittedAs(String name, String app, String... args) throws Exception {
        Path local = dir.resolve(name + "-embedded");
        Path remote = dir.resolve(name + "-submitted");
        Cli.Result r = Cli.run(concat(concat(new String[] {"run", app}, args), "--quiet", "--out", local.toString()));
        assertEquals(0, r.code(), r.toString());
        Cli.Result s = Cli.run(concat(concat(new String[] {"submit", app}, args), "--out", remote.toString()));
        assertEquals(0, s.code(), s.toString());
        assertTrue(s.err().contains("submitted job " + app + "-"), s.err());
        assertTrue(s.err().contains("strads: " + app + " round"), "progress streamed from the cluster: " + s.err());
        JsonNode printed = CommandLineTest.singleJsonDocument(s.out());
        JsonNode a = Json.mapper().readTree(local.resolve("summary.json").toFile());
        JsonNode b = Json.mapper().readTree(remote.resolve("summary.json").toFile());
        assertEquals(b.get("objective"), printed.get("objective"));
        assertTrue(b.get("provenance").get("cluster").asText().contains("3 server nodes"), b.toString());
        assertEquals(3, b.get("provenance").get("workerNodes").size());
        return new JsonNode[] {a, b};
    }

    @Test
    @Order(1)
    void lassoThroughSubmitEqualsTheEmbeddedRun() throws Exception {
        JsonNode[] s = embeddedAndSubmitted("lasso", "--nodes", "3", "--seed", "5", "--scheduler", "round-robin",
                "--tolerance", "0", "--max-rounds", "400");
        double a = s[0].get("objective").asDouble();
        assertEquals(a, s[1].get("objective").asDouble(), 1e-9 * a, "same objective under a fixed schedule");
        assertEquals(0, s[0].get("provenance").get("backups").asInt(), "in-process nodes share one JVM: no backup");
        assertEquals(1, s[1].get("provenance").get("backups").asInt(), "three server JVMs: one backup by default");
        assertEquals(s[0].get("nnz"), s[1].get("nnz"));
        assertEquals(Files.readString(dir.resolve("lasso-embedded/coefficients.txt")).lines().count(),
                Files.readString(dir.resolve("lasso-submitted/coefficients.txt")).lines().count());
    }

    @Test
    @Order(2)
    void mfThroughSubmitGivesTheSameFactors() throws Exception {
        JsonNode[] s = embeddedAndSubmitted("mf", "--nodes", "3", "--seed", "3", "--rank", "5", "--iterations", "3");
        assertEquals(s[0].get("testRmse").asDouble(), s[1].get("testRmse").asDouble(), 1e-12);
        assertEquals(Files.readString(dir.resolve("mf-embedded/W.txt")), Files.readString(dir.resolve("mf-submitted/W.txt")));
        assertEquals(Files.readString(dir.resolve("mf-embedded/H.txt")), Files.readString(dir.resolve("mf-submitted/H.txt")));
    }

    @Test
    @Order(2)
    void lassoUnderDataParallelAndParamServerThroughSubmitReachesTheEmbeddedOptimum() throws Exception {
        for (String[] schedule : List.of(new String[] {"--schedule", "data-parallel"},
                new String[] {"--schedule", "param-server", "--staleness", "1"})) {
            JsonNode[] s = embeddedAndSubmittedAs("lasso-" + schedule[1], "lasso",
                    concat(schedule, "--nodes", "3", "--lambda-ratio", "0.1"));
            double a = s[0].get("objective").asDouble();
            assertEquals(schedule[1], s[1].get("schedule").asText());
            assertEquals("converged", s[1].get("stopReason").asText(), s[1].toString());
            assertEquals(a, s[1].get("objective").asDouble(), 1e-9 * a, schedule[1] + ": both certified by the gap");
        }
    }

    @Test
    @Order(2)
    void mfUnderParamServerThroughSubmitGivesTheEmbeddedRmse() throws Exception {
        JsonNode[] s = embeddedAndSubmitted("mf", "--schedule", "param-server", "--nodes", "3", "--seed", "3",
                "--rank", "5", "--iterations", "3");
        assertEquals("param-server", s[1].get("schedule").asText());
        // staleness 0: every pull sees exactly the pushes of the clocks before it; only the order
        // in which the parameter server adds the workers' pushes differs
        assertEquals(s[0].get("testRmse").asDouble(), s[1].get("testRmse").asDouble(), 1e-9);
    }

    @Test
    @Order(3)
    void adLdaThroughSubmitIsTheEmbeddedChain() throws Exception {
        JsonNode[] s = embeddedAndSubmittedAs("lda-dp", "lda", "--schedule", "data-parallel", "--nodes", "3",
                "--seed", "9", "--iterations", "20", "--log-every", "10");
        // each worker samples against its own copy between merges: nothing depends on timing
        assertEquals(s[0].get("logLikelihoodPerToken").asDouble(), s[1].get("logLikelihoodPerToken").asDouble(), 0.0);
        assertEquals("data-parallel", s[1].get("schedule").asText());
    }

    @Test
    @Order(3)
    void ldaThroughSubmitHasTheSameLogLikelihood() throws Exception {
        JsonNode[] s = embeddedAndSubmitted("lda", "--nodes", "3", "--seed", "9", "--iterations", "20", "--log-every", "10");
        double a = s[0].get("logLikelihoodPerToken").asDouble();
        double b = s[1].get("logLikelihoodPerToken").asDouble();
        assertEquals(a, b, 0.02, "within noise (MALLET's runs differ by more)");
        System.out.printf("LDA log p(w,z)/token: embedded %.6f, submitted %.6f%n", a, b);
    }

    @Test
    @Order(4)
    void aKilledSubmitterLeavesItsJobRunningAndFetchReturnsItsResult() throws Exception {
        String[] job = {"lasso", "--nodes", "3", "--seed", "11", "--scheduler", "round-robin", "--tolerance", "0",
            "--max-rounds", "3000"};
        List<String> args = new ArrayList<>(List.of("submit"));
        args.addAll(List.of(job));
        String id;
        try (StradsProcess p = StradsProcess.start(dir, servers.environment(), List.of(), args.toArray(String[]::new))) {
            assertTrue(p.awaitErrLine(l -> l.contains("submitted job "), 120), p.err());
            assertTrue(p.awaitErrLine(l -> l.startsWith("strads: lasso round"), 120), "the job runs: " + p.err());
            id = p.err().replaceAll("(?s).*submitted job (lasso-[0-9a-f]{8}).*", "$1");
            p.signal("KILL");
            p.waitFor(30);
        }
        Cli.Result status = Cli.run("status", id);
        assertEquals(0, status.code(), status.toString());
        JsonNode st = Json.mapper().readTree(status.out());
        assertTrue(List.of("running", "done").contains(st.get("state").asText()), st.toString());

        Path fetched = dir.resolve("fetched");
        Cli.Result f = Cli.run("fetch", "--wait", id, "--out", fetched.toString());
        assertEquals(0, f.code(), f.toString());
        JsonNode remote = Json.mapper().readTree(fetched.resolve("summary.json").toFile());
        assertEquals(3000, remote.get("rounds").asInt());
        Path local = dir.resolve("local");
        Cli.Result r = Cli.run(concat(concat(new String[] {"run"}, job), "--quiet", "--out", local.toString()));
        assertEquals(0, r.code(), r.toString());
        double a = Json.mapper().readTree(local.resolve("summary.json").toFile()).get("objective").asDouble();
        assertEquals(a, remote.get("objective").asDouble(), 1e-9 * a, "the same result as an uninterrupted run");
    }

    @Test
    @Order(5)
    void serversJoiningAndLeavingBetweenJobsBreakNothing() throws Exception {
        servers.stop(2);
        assertEquals(143, servers.processes().get(2).exitValue(), "SIGTERM stops a node: " + servers.log(2));
        assertTrue(servers.log(2).contains("strads: node stopped"), servers.log(2));
        try (ClientNode c = servers.client()) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (c.servers() != 2 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertEquals(2, c.servers());
        }
        Cli.Result two = Cli.run("submit", "lasso", "--nodes", "2", "--max-rounds", "100", "--quiet");
        assertEquals(0, two.code(), two.toString());
        Cli.Result tooMany = Cli.run("submit", "lasso", "--nodes", "3", "--max-rounds", "10");
        assertEquals(2, tooMany.code(), tooMany.toString());
        assertTrue(tooMany.err().contains("Invalid --nodes: 3 (the cluster has 2 server nodes)"), tooMany.err());

        servers.startOne();
        servers.awaitServers(3, 120);
        Cli.Result three = Cli.run("submit", "lasso", "--nodes", "3", "--max-rounds", "100", "--quiet");
        assertEquals(0, three.code(), three.toString());
        Cli.Result all = Cli.run("status");
        assertEquals(0, all.code());
        assertTrue(Json.mapper().readTree(all.out()).size() >= 6, "the registry kept every job: " + all.out());
    }

    @Test
    @Order(6)
    void theReadmeJavaExampleRunsAgainstTheCluster() {
        try (ClientNode c = servers.client()) {
            assertEquals(3, c.servers());   // sets this cluster's addresses for ignite-config/client.xml
        }
        org.strads4j.api.JobResult[] r = ReadmeExample.run();
        assertEquals("converged", r[0].stopReason(), "the README's job is certified within its 500 rounds");
        assertTrue(r[0].rounds() < 500, "rounds " + r[0].rounds());
        assertEquals(r[0].last().objective(), r[1].last().objective(), 1e-9 * r[0].last().objective(),
                "planned here or on a server, the same job");
    }

    @Test
    @Order(7)
    void detachStatusCancelAndFetch() throws Exception {
        Cli.Result d = Cli.run("submit", "--detach", "lasso", "--nodes", "3", "--tolerance", "0", "--max-rounds", "1000000");
        assertEquals(0, d.code(), d.toString());
        String id = CommandLineTest.singleJsonDocument(d.out()).get("job").asText();
        long deadline = System.nanoTime() + 120_000_000_000L;
        JsonNode s;
        do {
            Thread.sleep(200);
            s = Json.mapper().readTree(Cli.run("status", id).out());
        } while (s.get("round").asLong() == 0 && System.nanoTime() < deadline);
        assertEquals("running", s.get("state").asText(), s.toString());
        Cli.Result early = Cli.run("fetch", id, "--out", dir.resolve("early").toString());
        assertEquals(2, early.code(), early.toString());
        assertTrue(early.err().contains("is still running"), early.err());
        Cli.Result c = Cli.run("cancel", id);
        assertEquals(0, c.code(), c.toString());
        assertEquals("cancelled", Json.mapper().readTree(c.out()).get("state").asText(), c.out());
        Cli.Result f = Cli.run("fetch", id, "--out", dir.resolve("cancelled").toString());
        assertEquals(0, f.code(), f.toString());
        assertEquals("cancelled", CommandLineTest.singleJsonDocument(f.out()).get("stopReason").asText());
        assertEquals(2, Cli.run("status", "lasso-00000000").code(), "an unknown job is bad input");
        Map<?, ?> summary = Json.mapper().readValue(dir.resolve("cancelled/summary.json").toFile(), Map.class);
        assertTrue(((Number) summary.get("rounds")).longValue() < 1_000_000);
    }

    /**
     * A mixed cluster: a fourth server from gpu-server.xml (the node attribute strads.gpu=true; this
     * machine may have no GPU, so its kernels are the CPU ones under auto). A Lasso job that may use
     * CUDA ({@code --device auto}) places a worker on the marked node; a CPU job ({@code --device
     * cpu}) leaves it free; both reach the embedded run's objective.
     */
    @Test
    @Order(8)
    void aGpuMarkedNodeTakesGpuWorkAndAMixedClusterGivesTheSameResult() throws Exception {
        servers.startOne("ignite-config/gpu-server.xml");
        servers.awaitServers(4, 120);
        String gpuNode;
        try (ClientNode c = servers.client()) {
            var marked = c.ignite().cluster().forServers().forAttribute("strads.gpu", "true").nodes();
            assertEquals(1, marked.size(), "one node marked by gpu-server.xml");
            gpuNode = marked.iterator().next().consistentId().toString();
        }
        String[] args = {"--nodes", "2", "--seed", "5", "--scheduler", "round-robin", "--tolerance", "0",
            "--max-rounds", "300"};
        Path embedded = dir.resolve("mixed-embedded");
        Cli.Result e = Cli.run(concat(concat(new String[] {"run", "lasso"}, args), "--device", "cpu", "--quiet",
                "--out", embedded.toString()));
        assertEquals(0, e.code(), e.toString());
        double expected = Json.mapper().readTree(embedded.resolve("summary.json").toFile()).get("objective").asDouble();
        for (String device : List.of("auto", "cpu")) {
            Path out = dir.resolve("mixed-" + device);
            Cli.Result s = Cli.run(concat(concat(new String[] {"submit", "lasso"}, args), "--device", device, "--quiet",
                    "--out", out.toString()));
            assertEquals(0, s.code(), s.toString());
            JsonNode summary = Json.mapper().readTree(out.resolve("summary.json").toFile());
            JsonNode workers = summary.get("provenance").get("workerNodes");
            boolean onGpuNode = false;
            for (JsonNode w : workers) {
                onGpuNode |= w.asText().equals(gpuNode);
            }
            assertEquals("auto".equals(device), onGpuNode, device + ": workers on " + workers + ", marked " + gpuNode);
            assertEquals(expected, summary.get("objective").asDouble(), 1e-9 * expected,
                    device + " on the mixed cluster: the embedded objective");
        }
    }
}

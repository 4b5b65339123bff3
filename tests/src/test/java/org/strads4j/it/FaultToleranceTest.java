package org.strads4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strads4j.api.App;
import org.strads4j.api.JobResult;
import org.strads4j.api.JobSpec;
import org.strads4j.checkpoint.Checkpoint;
import org.strads4j.checkpoint.CheckpointDirectory;
import org.strads4j.client.JobFailedException;
import org.strads4j.client.JobHandle;
import org.strads4j.client.JobStatus;
import org.strads4j.client.StradsClient;
import org.strads4j.cluster.ClientNode;
import org.strads4j.cluster.EmbeddedCluster;
import org.strads4j.cluster.LocalServers;
import org.strads4j.engine.JobRunner;
import org.strads4j.engine.RunListener;

/**
 * Processes dying mid-job on a real multi-process cluster (3 server JVMs, loopback, one backup):
 * kill -9 of a worker's server for each app, of the coordinator's server, of every server (then
 * {@code --resume}), and of two servers at once. Results are compared with the same job run
 * without failures; every process is stopped after each test, also when it fails.
 */
class FaultToleranceTest {
    private static LocalServers servers;
    private static ClientNode client;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        servers = LocalServers.start(3, MultiProcessTest.jvmOptions());
        client = servers.client();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (servers != null) {
            servers.close();
        }
    }

    /** Back to three live servers after a test killed some. */
    @AfterEach
    void replace() {
        int live = (int) servers.processes().stream().filter(Process::isAlive).count();
        for (int i = live; i < 3; i++) {
            servers.startOne();
        }
        servers.awaitServers(3, 120);
    }

    private static JobResult embedded(JobSpec spec) {
        try (EmbeddedCluster c = EmbeddedCluster.start(spec.nodes())) {
            return JobRunner.run(c, App.named(spec.app()).plan(spec), RunListener.none(), (Path) null).result();
        }
    }

    /** Waits until the job has committed at least {@code round} rounds. */
    private static void awaitRound(JobHandle job, long round) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (job.status().round() < round) {
            assertTrue(System.nanoTime() < deadline, "the job reached round " + round + ": " + job.status());
            assertTrue(!job.status().isFinal(), "the job is still running at round " + round + ": " + job.status());
            Thread.sleep(20);
        }
    }

    /** The live server process whose node is not the job's coordinator's (a worker's), the newest first. */
    private static Process workerProcess(JobHandle job) {
        String coordinator = job.status().coordinatorNode();
        List<Process> ps = servers.processes();
        for (int i = ps.size() - 1; i >= 0; i--) {
            if (ps.get(i).isAlive() && !servers.log(i).contains("strads: node " + coordinator + " up")) {
                return ps.get(i);
            }
        }
        throw new AssertionError("no worker process besides the coordinator's " + coordinator);
    }

    private static Process coordinatorProcess(JobHandle job) {
        String coordinator = job.status().coordinatorNode();
        List<Process> ps = servers.processes();
        for (int i = 0; i < ps.size(); i++) {
            if (ps.get(i).isAlive() && servers.log(i).contains("strads: node " + coordinator + " up")) {
                return ps.get(i);
            }
        }
        throw new AssertionError("no process runs the coordinator's node " + coordinator);
    }

    private static void kill(Process p) {
        servers.kill(p);
    }

    private JobResult submitAndKillAWorker(JobSpec spec, long at) throws Exception {
        JobHandle job = StradsClient.submit(client.ignite(), App.named(spec.app()).plan(spec));
        awaitRound(job, at);
        kill(workerProcess(job));
        JobResult r = job.await();
        assertEquals(JobStatus.DONE, job.status().state(), job.status().toString());
        reportRecoveries(spec.app(), job.id());
        return r;
    }

    /**
     * Prints what the servers logged about the job's recoveries (the figures of the README's table)
     * and checks that there was one: a job that finished before the loss was seen tested nothing.
     */
    private static void reportRecoveries(String what, String jobId) {
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < servers.processes().size(); i++) {
            servers.log(i).lines().filter(l -> l.contains("job " + jobId + " recovered: "))
                    .forEach(lines::add);
        }
        lines.forEach(l -> System.out.println("RECOVERY " + what + ": " + l));
        assertTrue(!lines.isEmpty(), "job " + jobId + " (" + what + ") recovered from the loss mid-job");
    }

    @Test
    void killingAWorkerServerMidLassoLosesNothing() throws Exception {
        JobSpec spec = new JobSpec("lasso", JobSpec.MODEL_PARALLEL, 3, 7, 2000, 0.0, 0, 10,
                Map.of("scheduler", "round-robin", "lambdaRatio", 0.01)).withCheckpointEvery(100);
        JobResult r = submitAndKillAWorker(spec, 500);
        double clean = embedded(spec).last().objective();
        assertEquals(2000, r.rounds());
        assertEquals(clean, r.last().objective(), 1e-9 * clean, "the objective of the run without the failure");
    }

    @Test
    void killingAWorkerServerMidMfLosesNothing() throws Exception {
        JobSpec spec = new JobSpec("mf", JobSpec.MODEL_PARALLEL, 3, 3, 50L * 8, 0.0, 0, 50,
                Map.of("rank", 5L, "iterations", 8L)).withCheckpointEvery(50);
        JobResult r = submitAndKillAWorker(spec, 150);
        double clean = embedded(spec).last().metric("testRmse");
        assertEquals(clean, r.last().metric("testRmse"), 0.002);
    }

    @Test
    void killingAWorkerServerMidLdaKeepsExactCounts() throws Exception {
        JobSpec spec = new JobSpec("lda", JobSpec.MODEL_PARALLEL, 3, 9, 60, 0.0, 0, 5,
                Map.of("iterations", 60L, "logEvery", 5L)).withCheckpointEvery(5);
        JobResult r = submitAndKillAWorker(spec, 20);
        double clean = embedded(spec).last().metric("logLikelihoodPerToken");
        // The evaluation checks the count tables against the token count: a lost or doubled count fails the job.
        assertEquals(clean, r.last().metric("logLikelihoodPerToken"), 0.02);
    }

    /** A param-server job: the workers' clocks, their pushed residual and coefficients survive the loss. */
    @Test
    void killingAWorkerServerMidParamServerLassoReachesTheSameOptimum() throws Exception {
        JobSpec spec = new JobSpec("lasso", JobSpec.PARAM_SERVER, 3, 17, 5000, 1e-9, 1, 10,
                Map.of("lambdaRatio", 0.01)).withCheckpointEvery(100);
        JobResult r = submitAndKillAWorker(spec, 300);
        double clean = embedded(spec).last().objective();
        assertEquals("converged", r.stopReason());
        assertEquals(clean, r.last().objective(), 1e-9 * clean, "both certified by the duality gap");
    }

    @Test
    void killingTheCoordinatorsServerMovesTheCoordinator() throws Exception {
        JobSpec spec = new JobSpec("lasso", JobSpec.MODEL_PARALLEL, 2, 11, 2000, 0.0, 0, 10,
                Map.of("scheduler", "round-robin", "lambdaRatio", 0.01)).withCheckpointEvery(100);
        JobHandle job = StradsClient.submit(client.ignite(), App.named("lasso").plan(spec));
        awaitRound(job, 400);
        String first = job.status().coordinatorNode();
        long killed = System.nanoTime();
        kill(coordinatorProcess(job));
        long moved = 0;
        while (moved == 0 && !job.status().isFinal()) {
            String now = job.status().coordinatorNode();
            if (now != null && !now.equals(first)) {
                moved = System.nanoTime();
            }
            Thread.sleep(20);
        }
        if (moved != 0) {
            System.out.printf(java.util.Locale.ROOT, "RECOVERY coordinator: another server runs the coordinator %.2f s"
                    + " after the kill%n", (moved - killed) / 1e9);
        }
        JobResult r = job.await();
        reportRecoveries("coordinator", job.id());
        assertTrue(!first.equals(job.status().coordinatorNode()), "another server runs the coordinator now");
        double clean = embedded(spec).last().objective();
        assertEquals(clean, r.last().objective(), 1e-9 * clean);
    }

    @Test
    void afterTheWholeClusterWentDownResumeGivesTheSameResult() throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        JobSpec spec = new JobSpec("lasso", JobSpec.MODEL_PARALLEL, 3, 13, 2000, 0.0, 0, 10,
                Map.of("scheduler", "round-robin", "lambdaRatio", 0.01)).withCheckpointEvery(100);
        JobHandle job = StradsClient.submit(client.ignite(), App.named("lasso").plan(spec), checkpoints.toString(), null);
        awaitRound(job, 700);
        for (Process p : servers.processes()) {
            if (p.isAlive()) {
                kill(p);
            }
        }
        Checkpoint saved = CheckpointDirectory.read(checkpoints);
        assertTrue(saved.round() >= 600 && saved.round() < 2000, "a checkpoint mid-job: " + saved.round());
        replace();
        Path out = dir.resolve("resumed");
        Cli.Result r = Cli.run("submit", "lasso", "--resume", checkpoints.toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r.toString());
        double clean = embedded(spec).last().objective();
        Map<?, ?> summary = org.strads4j.io.Json.mapper().readValue(out.resolve("summary.json").toFile(), Map.class);
        assertEquals(2000, ((Number) summary.get("rounds")).intValue());
        assertEquals(clean, ((Number) summary.get("objective")).doubleValue(), 1e-9 * clean);
        Cli.Result local = Cli.run("run", "lasso", "--resume", checkpoints.toString(), "--quiet");
        assertEquals(0, local.code(), local.toString());
        assertEquals(clean, CommandLineTest.singleJsonDocument(local.out()).get("objective").asDouble(), 1e-9 * clean,
                "resumed on an embedded cluster, the same result");
    }

    @Test
    void losingTwoOfThreeServersWithOneBackupStopsClearlyAndKeepsTheCheckpoint() throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        JobSpec spec = new JobSpec("lasso", JobSpec.MODEL_PARALLEL, 3, 17, 3000, 0.0, 0, 10,
                Map.of("scheduler", "round-robin", "lambdaRatio", 0.01)).withCheckpointEvery(100);
        JobHandle job = StradsClient.submit(client.ignite(), App.named("lasso").plan(spec), checkpoints.toString(), null);
        awaitRound(job, 400);
        String coordinator = job.status().coordinatorNode();
        List<Process> ps = servers.processes();
        for (int i = 0; i < ps.size(); i++) {
            if (ps.get(i).isAlive() && !servers.log(i).contains("strads: node " + coordinator + " up")) {
                kill(ps.get(i));
            }
        }
        JobFailedException e = assertThrows(JobFailedException.class, job::await);
        assertTrue(e.getMessage().contains("lost") && e.getMessage().contains("partition")
                && e.getMessage().contains(checkpoints.toString()), e.getMessage());
        assertEquals(JobStatus.FAILED, job.status().state());
        Checkpoint saved = CheckpointDirectory.read(checkpoints);
        assertTrue(saved.round() >= 300, "the checkpoint is intact and readable: round " + saved.round());
        assertTrue(Files.size(checkpoints.resolve(CheckpointDirectory.FILE)) > 0);
    }
}

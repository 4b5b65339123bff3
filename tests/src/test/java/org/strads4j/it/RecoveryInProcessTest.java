package org.strads4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ignite.Ignition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strads4j.api.App;
import org.strads4j.api.Evaluation;
import org.strads4j.api.JobSpec;
import org.strads4j.cluster.EmbeddedCluster;
import org.strads4j.engine.JobRunner;
import org.strads4j.engine.RunListener;

/**
 * A worker node leaves in the middle of a job on an in-process cluster (3 nodes, one backup): the
 * engine rolls the job back to its last checkpoint, reinstalls the workers where their shards' copies
 * now are, and finishes with the result of the same job run without the failure.
 */
class RecoveryInProcessTest {
    @TempDir
    Path dir;

    /** Stops node 2 of the cluster (a worker, not the coordinator's node) once round {@code at} is evaluated. */
    private static final class NodeKiller implements RunListener {
        private final EmbeddedCluster cluster;
        private final long at;
        final AtomicBoolean killed = new AtomicBoolean();
        final AtomicLong recoveredFrom = new AtomicLong(-1);

        NodeKiller(EmbeddedCluster cluster, long at) {
            this.cluster = cluster;
            this.at = at;
        }

        @Override
        public void evaluated(long round, long updates, double seconds, Evaluation e) {
            if (round >= at && killed.compareAndSet(false, true)) {
                String name = cluster.nodes().get(2).name();
                Thread t = new Thread(() -> Ignition.stop(name, true), "node-killer");
                t.start();
                try {
                    t.join();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void recovering(long round, String cause) {
            recoveredFrom.set(round);
        }
    }

    private static JobRunner.Run run(JobSpec spec, boolean kill, long at, Path out) {
        try (EmbeddedCluster cluster = EmbeddedCluster.start(3)) {
            NodeKiller killer = new NodeKiller(cluster, kill ? at : Long.MAX_VALUE);
            JobRunner.Run run = JobRunner.run(cluster, App.named(spec.app()).plan(spec), killer, out);
            if (kill) {
                assertTrue(killer.killed.get(), "the node was stopped");
                assertTrue(killer.recoveredFrom.get() >= 0, "the job recovered from a checkpoint");
                assertTrue(killer.recoveredFrom.get() < at, "from one taken before the failure");
                if (spec.checkpointEvery() >= 1_000_000) {
                    assertEquals(0, killer.recoveredFrom.get(), "from the checkpoint taken at install");
                }
            }
            return run;
        }
    }

    @Test
    void lassoLosesANodeAndFinishesWithTheSameObjective() {
        JobSpec spec = new JobSpec("lasso", JobSpec.MODEL_PARALLEL, 3, 7, 400, 0.0, 0, 10,
                Map.of("scheduler", "round-robin", "lambdaRatio", 0.01)).withCheckpointEvery(50).withBackups(1);
        double clean = run(spec, false, 0, null).result().last().objective();
        JobRunner.Run recovered = run(spec, true, 130, null);
        assertEquals(400, recovered.result().rounds());
        assertEquals(clean, recovered.result().last().objective(), 1e-9 * clean);
        assertEquals(1, ((Number) recovered.result().provenance().get("backups")).intValue());
    }

    @Test
    void mfLosesANodeAndFinishesWithTheSameFactors() throws Exception {
        JobSpec spec = new JobSpec("mf", JobSpec.MODEL_PARALLEL, 3, 3, 5 * 2 * 5 * 3, 0.0, 0, 50,
                Map.of("rank", 5L, "iterations", 3L)).withCheckpointEvery(50).withBackups(1);
        JobRunner.Run clean = run(spec, false, 0, dir.resolve("clean"));
        JobRunner.Run recovered = run(spec, true, 100, dir.resolve("recovered"));
        assertEquals(clean.result().last().metric("testRmse"), recovered.result().last().metric("testRmse"), 0.002);
        assertEquals(Files.readString(dir.resolve("clean/W.txt")), Files.readString(dir.resolve("recovered/W.txt")),
                "the same factors: the rounds after the checkpoint ran again from the same state");
    }

    /**
     * A node lost before the first periodic checkpoint: the job goes back to the checkpoint taken at
     * install, which holds no worker states (a reinstall makes them), and gives what the
     * uninterrupted job gave, for each app.
     */
    @Test
    void eachAppLosesANodeBeforeItsFirstPeriodicCheckpointAndGoesBackToItsInstall() throws Exception {
        JobSpec lasso = new JobSpec("lasso", JobSpec.MODEL_PARALLEL, 3, 7, 60, 0.0, 0, 10,
                Map.of("scheduler", "round-robin", "lambdaRatio", 0.01)).withCheckpointEvery(1_000_000).withBackups(1);
        JobRunner.Run lassoRecovered = run(lasso, true, 10, null);
        assertEquals(run(lasso, false, 0, null).result().last().objective(),
                lassoRecovered.result().last().objective(), 0.0, "the same rounds from the same start");
        assertEquals(60, lassoRecovered.result().rounds());

        JobSpec mf = new JobSpec("mf", JobSpec.MODEL_PARALLEL, 3, 3, 5 * 2 * 5 * 3, 0.0, 0, 50,
                Map.of("rank", 5L, "iterations", 3L)).withCheckpointEvery(1_000_000).withBackups(1);
        run(mf, false, 0, dir.resolve("mf-clean"));
        run(mf, true, 50, dir.resolve("mf-recovered"));
        assertEquals(Files.readString(dir.resolve("mf-clean/W.txt")), Files.readString(dir.resolve("mf-recovered/W.txt")));

        JobSpec lda = new JobSpec("lda", JobSpec.MODEL_PARALLEL, 3, 9, 10, 0.0, 0, 5,
                Map.of("iterations", 10L, "logEvery", 5L)).withCheckpointEvery(1_000_000).withBackups(1);
        assertEquals(run(lda, false, 0, null).result().last().metric("logLikelihoodPerToken"),
                run(lda, true, 5, null).result().last().metric("logLikelihoodPerToken"), 1e-12);
    }

    @Test
    void ldaLosesANodeAndFinishesWithExactCountsAndTheSameLikelihood() {
        JobSpec spec = new JobSpec("lda", JobSpec.MODEL_PARALLEL, 3, 9, 20, 0.0, 0, 5,
                Map.of("iterations", 20L, "logEvery", 5L)).withCheckpointEvery(5).withBackups(1);
        JobRunner.Run clean = run(spec, false, 0, null);
        JobRunner.Run recovered = run(spec, true, 12, null);
        double a = clean.result().last().metric("logLikelihoodPerToken");
        double b = recovered.result().last().metric("logLikelihoodPerToken");
        assertEquals(a, b, 1e-12, "the same chain: draws depend on the seed and the round alone");
        assertEquals(20, recovered.result().rounds());
    }
}

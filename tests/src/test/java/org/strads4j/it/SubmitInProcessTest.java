package org.strads4j.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.strads4j.api.BadInputException;
import org.strads4j.api.JobResult;
import org.strads4j.api.JobSpec;
import org.strads4j.apps.lasso.LassoApp;
import org.strads4j.client.JobHandle;
import org.strads4j.client.JobOutput;
import org.strads4j.client.JobStatus;
import org.strads4j.client.StradsClient;
import org.strads4j.client.StradsTask;
import org.strads4j.cluster.EmbeddedCluster;
import org.strads4j.engine.JobRunner;
import org.strads4j.engine.RunListener;

/**
 * The submission path on an in-process cluster: a job shipped with {@link StradsClient} or planned
 * on a server through {@link StradsTask} gives the same answer as the same job run with its
 * coordinator in this JVM ({@link JobRunner}), and leaves its outputs in the cluster.
 */
class SubmitInProcessTest {
    private static EmbeddedCluster cluster;

    @BeforeAll
    static void start() {
        cluster = EmbeddedCluster.start(3);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static JobSpec spec() {
        return new JobSpec("lasso", JobSpec.MODEL_PARALLEL, 3, 7, 300, 0.0, 0, 50,
                Map.of("scheduler", "round-robin", "lambdaRatio", 0.01));
    }

    @Test
    void aShippedJobEqualsTheEmbeddedRun() throws Exception {
        JobRunner.Run local = JobRunner.run(cluster, new LassoApp().plan(spec()), RunListener.none(), null);
        JobHandle job = StradsClient.submit(cluster.coordinator(), spec());
        JobResult remote = job.await();
        assertEquals(local.result().last().objective(), remote.last().objective(),
                1e-9 * local.result().last().objective());
        assertEquals(300, remote.rounds());
        JobStatus s = job.status();
        assertEquals(JobStatus.DONE, s.state(), s.toString());
        assertEquals("max-rounds", s.stopReason());
        JobOutput out = job.output();
        assertTrue(out.files().containsKey("summary.json") && out.files().containsKey("coefficients.txt")
                && out.files().containsKey("metrics.jsonl"), out.files().keySet().toString());
        assertEquals(job.id(), remote.provenance().get("job"));
    }

    @Test
    void aTaskPlannedOnAServerEqualsTheShippedJob() {
        JobResult viaTask = cluster.coordinator().compute().execute(StradsTask.class, spec());
        JobResult shipped = StradsClient.submit(cluster.coordinator(), spec()).await();
        assertEquals(shipped.last().objective(), viaTask.last().objective(), 1e-9 * shipped.last().objective());
        String id = (String) viaTask.provenance().get("job");
        assertArrayEquals(StradsClient.fetch(cluster.coordinator(), (String) shipped.provenance().get("job")).files()
                .get("coefficients.txt"), StradsClient.fetch(cluster.coordinator(), id).files().get("coefficients.txt"));
    }

    @Test
    void badInputOnTheServerIsBadInputHere() {
        JobSpec bad = spec().withParams(Map.of("data", "/no/such/file.svm"));
        JobHandle job = StradsClient.submitOnServers(cluster.coordinator(), bad);
        BadInputException e = assertThrows(BadInputException.class, job::await);
        assertTrue(e.getMessage().contains("/no/such/file.svm"), e.getMessage());
        assertEquals(JobStatus.FAILED, job.status().state());
        assertTrue(job.status().badInput());
        assertThrows(BadInputException.class, () -> StradsClient.fetch(cluster.coordinator(), job.id()));
    }
}

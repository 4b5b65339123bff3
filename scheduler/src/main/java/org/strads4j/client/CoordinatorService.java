package org.strads4j.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteException;
import org.apache.ignite.IgniteLogger;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.resources.IgniteInstanceResource;
import org.apache.ignite.resources.LoggerResource;
import org.apache.ignite.services.Service;
import org.strads4j.api.App;
import org.strads4j.api.BadInputException;
import org.strads4j.api.Evaluation;
import org.strads4j.api.Job;
import org.strads4j.checkpoint.Checkpoint;
import org.strads4j.checkpoint.CheckpointDirectory;
import org.strads4j.checkpoint.ClusterCheckpoints;
import org.strads4j.cluster.EmbeddedCluster;
import org.strads4j.engine.Checkpointing;
import org.strads4j.engine.CoordinatorPlan;
import org.strads4j.engine.JobDeployment;
import org.strads4j.engine.JobRunner;
import org.strads4j.engine.RunListener;
import org.strads4j.io.OutputDirectory;

/**
 * The coordinator of one submitted job, as an Ignite cluster-singleton service on a server node
 * ({@code strads-job-ID}). It plans the job unless the client did, installs the workers, runs the
 * rounds with checkpoints kept in the cluster, and leaves the outputs there ({@link JobRegistry}),
 * then undeploys itself. When its node is lost, Ignite deploys the service on another server, and
 * the new instance resumes from the job's last checkpoint: the job outlives both the submitting
 * client and the coordinator's node.
 */
final class CoordinatorService implements Service {
    private static final long serialVersionUID = 1L;
    /** The registry's status is refreshed at most this often (evaluations can be much more frequent). */
    private static final long STATUS_EVERY_NANOS = 250_000_000L;

    private final String jobId;
    private transient volatile boolean stopping;
    @IgniteInstanceResource
    private transient Ignite ignite;
    @LoggerResource
    private transient IgniteLogger log;

    CoordinatorService(String jobId) {
        this.jobId = jobId;
    }

    @Override
    public void cancel() {
        stopping = true;
    }

    @Override
    public void execute() {
        JobStatus status = JobRegistry.get(ignite, jobId);
        Submission s = JobRegistry.submission(ignite, jobId);
        if (s == null || status != null && status.isFinal()) {
            undeploy();
            return;
        }
        if (status == null) {
            status = JobStatus.submitted(jobId, s.spec.app(), s.spec.maxRounds());
        }
        status = status.running(ignite.cluster().localNode().consistentId().toString());
        JobRegistry.put(ignite, status);
        try {
            boolean finished = run(s, status);
            if (finished) {
                undeploy();
            }
        } catch (RuntimeException | Error e) {
            if (stopping) {
                return;   // this node is leaving: the next instance resumes from the checkpoint
            }
            Throwable bad = e;
            while (bad != null && !(bad instanceof BadInputException)) {
                bad = bad.getCause();
            }
            String message = bad != null ? bad.getMessage() : describe(e);
            JobStatus latest = JobRegistry.get(ignite, jobId);
            JobRegistry.put(ignite, (latest != null ? latest : status).failed(message, bad != null));
            if (log != null) {
                log.warning("Strads4J job " + jobId + " failed: " + message);
            }
            undeploy();
        }
    }

    /** Runs the job to its end; false when this node is leaving and another instance takes over. */
    private boolean run(Submission s, JobStatus started) {
        CoordinatorPlan plan;
        if (!s.planned()) {
            Job job = App.named(s.spec.app()).plan(s.spec);
            plan = CoordinatorPlan.of(job);
            var placement = JobDeployment.prepare(ignite, EmbeddedCluster.serverNodes(ignite), jobId, s.spec,
                    job.shards());
            s = s.planned(placement, JobDeployment.shipPlan(ignite, placement, plan.toBytes()));
            JobRegistry.putSubmission(ignite, s);
        } else {
            plan = CoordinatorPlan.fromBytes(JobDeployment.fetchPlan(ignite, s.placement, s.planChunks));
        }
        Checkpoint resume = ClusterCheckpoints.read(ignite, jobId);
        if (resume != null && log != null) {
            log.warning(String.format(java.util.Locale.ROOT, "Strads4J job %s recovered: its coordinator starts again"
                    + " on this node, back at round %d of its checkpoint (%.1f s after it was taken)", jobId,
                    resume.round(), (System.currentTimeMillis() - resume.createdAt()) / 1e3));
        }
        String inputs = Checkpoint.fingerprint(plan.provenance());
        List<ClusterNode> servers = EmbeddedCluster.serverNodes(ignite);
        String cluster = "ignite cluster (" + servers.size() + " server node" + (servers.size() == 1 ? "" : "s")
                + "; coordinator on " + ignite.cluster().localNode().consistentId() + ")";
        IgniteCache<String, Object> jobs = JobRegistry.jobs(ignite);
        Path dir = null;
        JobDeployment deployment = JobDeployment.install(ignite, s.placement, plan);
        boolean finished = false;
        try {
            CheckpointDirectory onDisk = s.checkpointDir == null ? null
                    : CheckpointDirectory.forWriting(Path.of(s.checkpointDir));
            Checkpointing checkpointing = Checkpointing.of(deployment.backups() > 0, ignite, onDisk, resume, inputs);
            dir = Files.createTempDirectory("strads-job-" + jobId + "-");
            JobRunner.Run run = JobRunner.execute(cluster, plan, deployment, new Listener(started, s.submitter),
                    () -> stopping || JobRegistry.cancelRequested(jobs, jobId), checkpointing, dir, null);
            if (stopping && !JobRegistry.cancelRequested(jobs, jobId)) {
                deployment.leave();
                return false;
            }
            JobOutput output = JobOutput.read(run.result(), dir);
            JobRegistry.results(ignite).put(jobId, output);
            JobStatus latest = JobRegistry.get(ignite, jobId);
            JobRegistry.put(ignite, (latest != null ? latest : started)
                    .progress(run.result().rounds(), run.result().updates(), run.result().seconds(), run.result().last())
                    .finished(run.result().stopReason()));
            ClusterCheckpoints.delete(ignite, jobId);
            finished = true;
            return true;
        } catch (IOException e) {
            throw new IllegalStateException("cannot stage the results of job " + jobId + ": " + e.getMessage(), e);
        } finally {
            if (dir != null) {
                OutputDirectory.deleteTree(dir);
            }
            if (finished || !stopping) {
                deployment.close();
            } else {
                deployment.leave();
            }
        }
    }

    /**
     * Cancels this job's service, from a thread of its own: never from the service's thread. While
     * a node stops, Ignite's service processor holds its lock and waits for every service thread to
     * end; a cancel from the service's thread waits for that lock, uninterruptibly, and both wait
     * for ever (seen once in the test run: SubmitInProcessTest's cluster never stopped).
     */
    private void undeploy() {
        if (stopping) {
            return;   // the node is leaving: the service goes with it
        }
        String name = JobRegistry.serviceName(jobId);
        Thread t = new Thread(() -> {
            try {
                ignite.services().cancel(name);
            } catch (RuntimeException e) {
                // the node stopped meanwhile: the service went with it
            }
        }, "strads-undeploy-" + jobId);
        t.setDaemon(true);
        t.start();
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** Sends each evaluation to the submitter (while it is there) and, now and then, to the registry. */
    private final class Listener implements RunListener {
        private final UUID submitter;
        private JobStatus status;
        private long lastStatus;
        private boolean submitterGone;

        Listener(JobStatus status, UUID submitter) {
            this.status = status;
            this.submitter = submitter;
        }

        @Override
        public void evaluated(long round, long updates, double seconds, Evaluation e) {
            status = status.progress(round, updates, seconds, e);
            long now = System.nanoTime();
            if (now - lastStatus >= STATUS_EVERY_NANOS) {
                JobRegistry.put(ignite, status);
                lastStatus = now;
            }
            send(new ProgressEvent(round, updates, seconds, e, false));
        }

        @Override
        public void writing(Path target) {
            JobRegistry.put(ignite, status);
            send(new ProgressEvent(status.round(), status.updates(), status.seconds(), null, true));
        }

        @Override
        public void recovering(long round, String cause) {
            if (log != null) {
                log.warning("Strads4J job " + jobId + " lost a node (" + cause + "); going back to its checkpoint at"
                        + " round " + round);
            }
        }

        @Override
        public void recovered(long round, double seconds) {
            if (log != null) {
                log.warning(String.format(java.util.Locale.ROOT, "Strads4J job %s recovered: back at round %d, %.2f s"
                        + " after the loss was seen", jobId, round, seconds));
            }
        }

        private void send(ProgressEvent event) {
            if (submitter == null || submitterGone) {
                return;
            }
            if (ignite.cluster().node(submitter) == null) {
                submitterGone = true;
                return;
            }
            try {
                ignite.message(ignite.cluster().forNodeId(submitter)).sendOrdered(ProgressEvent.topic(jobId), event,
                        10_000);
            } catch (IgniteException ex) {
                submitterGone = true;   // it left meanwhile: the job goes on without a watcher
            }
        }
    }
}

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
import org.apache.ignite.compute.ComputeJob;
import org.apache.ignite.compute.ComputeJobMasterLeaveAware;
import org.apache.ignite.compute.ComputeTaskSession;
import org.apache.ignite.resources.IgniteInstanceResource;
import org.apache.ignite.resources.LoggerResource;
import org.strads4j.api.App;
import org.strads4j.api.BadInputException;
import org.strads4j.api.Evaluation;
import org.strads4j.api.Job;
import org.strads4j.api.JobResult;
import org.strads4j.cluster.EmbeddedCluster;
import org.strads4j.engine.CoordinatorPlan;
import org.strads4j.engine.JobDeployment;
import org.strads4j.engine.JobPlacement;
import org.strads4j.engine.JobRunner;
import org.strads4j.engine.RunListener;
import org.strads4j.io.OutputDirectory;

/**
 * The coordinator of one submitted job, as an Ignite compute job on a server node: it plans the
 * job (unless the client did), installs the workers, runs the rounds, and leaves the outputs in the
 * cluster ({@link JobRegistry}). It is {@link ComputeJobMasterLeaveAware}: when the submitting
 * client leaves, the job goes on, and its outputs wait to be fetched.
 */
final class CoordinatorJob implements ComputeJob, ComputeJobMasterLeaveAware {
    private static final long serialVersionUID = 1L;
    /** The registry's status is refreshed at most this often (evaluations can be much more frequent). */
    private static final long STATUS_EVERY_NANOS = 250_000_000L;

    private final Submission submission;
    private volatile boolean cancelled;
    @IgniteInstanceResource
    private transient Ignite ignite;
    @LoggerResource
    private transient IgniteLogger log;

    CoordinatorJob(Submission submission) {
        this.submission = submission;
    }

    @Override
    public Object execute() {
        String id = submission.jobId;
        JobStatus status = JobRegistry.get(ignite, id);
        if (status == null) {
            status = JobStatus.submitted(id, submission.spec.app(), submission.spec.maxRounds());
        }
        status = status.running(ignite.cluster().localNode().consistentId().toString());
        JobRegistry.put(ignite, status);
        try {
            JobResult result = run(status);
            return result;
        } catch (RuntimeException | Error e) {
            Throwable bad = e;
            while (bad != null && !(bad instanceof BadInputException)) {
                bad = bad.getCause();
            }
            String message = bad != null ? bad.getMessage() : describe(e);
            JobStatus latest = JobRegistry.get(ignite, id);
            JobRegistry.put(ignite, (latest != null ? latest : status).failed(message, bad != null));
            throw new IgniteException(message, bad != null ? bad : e);
        }
    }

    private JobResult run(JobStatus started) {
        CoordinatorPlan plan;
        JobPlacement placement;
        if (submission.planned()) {
            placement = submission.placement;
            plan = CoordinatorPlan.fromBytes(JobDeployment.fetchPlan(ignite, placement, submission.planChunks));
        } else {
            Job job = App.named(submission.spec.app()).plan(submission.spec);
            plan = CoordinatorPlan.of(job);
            placement = JobDeployment.prepare(ignite, EmbeddedCluster.serverNodes(ignite), submission.jobId,
                    submission.spec.seed(), job.shards());
        }
        List<ClusterNode> servers = EmbeddedCluster.serverNodes(ignite);
        String cluster = "ignite cluster (" + servers.size() + " server node" + (servers.size() == 1 ? "" : "s")
                + "; coordinator on " + ignite.cluster().localNode().consistentId() + ")";
        IgniteCache<String, Object> jobs = JobRegistry.jobs(ignite);
        Path dir = null;
        try (JobDeployment deployment = JobDeployment.install(ignite, placement, plan)) {
            dir = Files.createTempDirectory("strads-job-" + submission.jobId + "-");
            Listener listener = new Listener(started);
            JobRunner.Run run = JobRunner.execute(cluster, plan, deployment, listener,
                    () -> cancelled || JobRegistry.cancelRequested(jobs, submission.jobId), dir, null);
            JobOutput output = JobOutput.read(run.result(), dir);
            JobRegistry.results(ignite).put(submission.jobId, output);
            JobStatus latest = JobRegistry.get(ignite, submission.jobId);
            JobRegistry.put(ignite, (latest != null ? latest : started)
                    .progress(run.result().rounds(), run.result().updates(), run.result().seconds(), run.result().last())
                    .finished(run.result().stopReason()));
            return run.result();
        } catch (IOException e) {
            throw new IllegalStateException("cannot stage the results of job " + submission.jobId + ": " + e.getMessage(), e);
        } finally {
            if (dir != null) {
                OutputDirectory.deleteTree(dir);
            }
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    @Override
    public void onMasterNodeLeft(ComputeTaskSession session) {
        if (log != null && log.isInfoEnabled()) {
            log.info("Strads4J job " + submission.jobId + ": the submitting client left; the job goes on and its"
                    + " results wait in the cluster (strads fetch " + submission.jobId + ")");
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** Sends each evaluation to the submitter (while it is there) and, now and then, to the registry. */
    private final class Listener implements RunListener {
        private JobStatus status;
        private long lastStatus;
        private boolean submitterGone;

        Listener(JobStatus status) {
            this.status = status;
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

        private void send(ProgressEvent event) {
            UUID to = submission.submitter;
            if (to == null || submitterGone) {
                return;
            }
            if (ignite.cluster().node(to) == null) {
                submitterGone = true;
                return;
            }
            try {
                ignite.message(ignite.cluster().forNodeId(to)).sendOrdered(ProgressEvent.topic(submission.jobId),
                        event, 10_000);
            } catch (IgniteException ex) {
                submitterGone = true;   // it left meanwhile: the job goes on without a watcher
            }
        }
    }
}

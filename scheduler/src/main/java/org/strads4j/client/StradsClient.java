package org.strads4j.client;

import java.util.List;
import java.util.UUID;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCompute;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.lang.IgniteFuture;
import org.strads4j.api.App;
import org.strads4j.api.BadInputException;
import org.strads4j.api.Job;
import org.strads4j.api.JobResult;
import org.strads4j.api.JobSpec;
import org.strads4j.checkpoint.Checkpoint;
import org.strads4j.checkpoint.ClusterCheckpoints;
import org.strads4j.engine.CoordinatorPlan;
import org.strads4j.engine.JobDeployment;
import org.strads4j.engine.JobPlacement;

/**
 * Submits Strads4J jobs to a running Ignite cluster from a client node, and finds them again.
 *
 * <pre>{@code
 * try (Ignite ignite = Ignition.start(NodeConfigs.load("ignite-config/client.xml"))) {
 *     JobSpec spec = JobSpec.defaults("lasso").withNodes(3).withParams(Map.of("data", "train.svm"));
 *     JobHandle job = StradsClient.submit(ignite, spec);   // reads train.svm here, ships it
 *     JobResult result = job.await();
 *     System.out.println(result.last().objective());
 * }
 * }</pre>
 *
 * <p>{@link #submit} plans the job on this node (its data files are read here and checked before
 * anything is sent), streams the workers' shards into the cluster, ships the coordinator's plan, and
 * starts the coordinator on a server node through Ignite's compute API ({@link StradsTask}). This is
 * the default because it needs no file system shared with the servers, and bad input is reported
 * before the cluster does any work. {@link #submitOnServers} sends only the spec: the coordinator's
 * node reads the data from paths it can see (a shared file system), so nothing large leaves the
 * client.
 *
 * <p>Either way the coordinator runs inside the cluster, as a cluster-singleton service that Ignite
 * starts again on another server when its node is lost (it resumes from the job's last checkpoint):
 * the client may leave, and the job's status ({@link #status}) and outputs ({@link #fetch}, kept
 * seven days) stay in the cluster.
 */
public final class StradsClient {
    /** The executor the coordinators run in (ignite-config/base.xml); the public pool if a node lacks it. */
    public static final String COORDINATOR_EXECUTOR = "strads-coordinator";

    private StradsClient() {
    }

    /** Plans {@code spec} on this node and submits it (see the class doc). */
    public static JobHandle submit(Ignite ignite, JobSpec spec) {
        return submit(ignite, App.named(spec.app()).plan(spec));
    }

    /** Submits a job planned on this node: its shards and coordinator plan are shipped. */
    public static JobHandle submit(Ignite ignite, Job job) {
        return submit(ignite, job, null, null);
    }

    /**
     * Submits a job planned on this node, checkpointed into {@code checkpointDir} on the servers (a
     * path the coordinator's node can write, or null) and resumed from {@code resume} (a checkpoint
     * of this job, or null) instead of starting from round 0.
     */
    public static JobHandle submit(Ignite ignite, Job job, String checkpointDir, Checkpoint resume) {
        JobSpec spec = job.spec();
        if (resume != null) {
            resume.checkResumes(spec, Checkpoint.fingerprint(job.provenance()), "the checkpoint");
        }
        String id = JobDeployment.newJobId(spec.app());
        JobRegistry.put(ignite, JobStatus.submitted(id, spec.app(), spec.maxRounds()));
        JobPlacement placement;
        int planChunks;
        try {
            placement = JobDeployment.prepare(ignite, StradsTask.servers(ignite), id, spec, job.shards());
            try {
                planChunks = JobDeployment.shipPlan(ignite, placement, CoordinatorPlan.of(job).toBytes());
                if (resume != null) {
                    ClusterCheckpoints.write(ignite, id, resume);
                }
            } catch (RuntimeException e) {
                JobDeployment.destroy(ignite, placement);
                throw e;
            }
        } catch (RuntimeException e) {
            JobRegistry.put(ignite, JobRegistry.get(ignite, id).failed(message(e), e instanceof BadInputException));
            throw e;
        }
        Submission s = Submission.shipped(id, spec, placement, planChunks, ignite.cluster().localNode().id(),
                checkpointDir, resume != null);
        start(ignite, s);
        return new JobHandle(ignite, id);
    }

    /** Submits {@code spec} to be planned on the coordinator's node, from paths readable there. */
    public static JobHandle submitOnServers(Ignite ignite, JobSpec spec) {
        return submitOnServers(ignite, spec, null);
    }

    /** {@link #submitOnServers(Ignite, JobSpec)}, checkpointed into {@code checkpointDir} on the servers. */
    public static JobHandle submitOnServers(Ignite ignite, JobSpec spec, String checkpointDir) {
        Submission s = Submission.onServers(JobDeployment.newJobId(spec.app()), spec, ignite.cluster().localNode().id(),
                checkpointDir);
        start(ignite, s);
        return new JobHandle(ignite, s.jobId);
    }

    /**
     * Registers a submission (unless already there) and deploys its coordinator, a cluster-singleton
     * service on the server nodes (unless the job has finished). Idempotent.
     */
    static void start(Ignite ignite, Submission s) {
        if (JobRegistry.submission(ignite, s.jobId) == null) {
            JobRegistry.putSubmission(ignite, s);
        }
        JobStatus status = JobRegistry.get(ignite, s.jobId);
        if (status == null) {
            JobRegistry.put(ignite, JobStatus.submitted(s.jobId, s.spec.app(), s.spec.maxRounds()));
        } else if (status.isFinal()) {
            return;
        }
        ignite.services(ignite.cluster().forServers()).deployClusterSingleton(JobRegistry.serviceName(s.jobId),
                new CoordinatorService(s.jobId));
    }

    /** Whether job {@code id}'s coordinator service is deployed in the cluster now. */
    static boolean coordinatorDeployed(Ignite ignite, String id) {
        String name = JobRegistry.serviceName(id);
        return ignite.services().serviceDescriptors().stream().anyMatch(d -> d.name().equals(name));
    }

    /** A handle on a job submitted earlier, by any client. */
    public static JobHandle attach(Ignite ignite, String id) {
        status(ignite, id);
        return new JobHandle(ignite, id);
    }

    /**
     * Where job {@code id} stands.
     *
     * @throws BadInputException when the cluster knows no such job
     */
    public static JobStatus status(Ignite ignite, String id) {
        JobStatus s = JobRegistry.get(ignite, id);
        if (s == null) {
            throw new BadInputException("Unknown job: " + id + " (strads status lists the jobs this cluster knows)");
        }
        return s;
    }

    /** Every job the cluster knows, newest first. */
    public static List<JobStatus> jobs(Ignite ignite) {
        return JobRegistry.all(ignite);
    }

    /** Asks job {@code id}'s coordinator to stop after the round in flight. */
    public static void cancel(Ignite ignite, String id) {
        JobStatus s = status(ignite, id);
        if (s.isFinal()) {
            throw new BadInputException("Invalid job: " + id + " has already finished (" + s.state() + ")");
        }
        JobRegistry.requestCancel(ignite, id);
    }

    /**
     * The outputs of finished job {@code id}.
     *
     * @throws BadInputException when the job is unknown, not finished, failed, or its outputs expired
     */
    public static JobOutput fetch(Ignite ignite, String id) {
        JobStatus s = status(ignite, id);
        if (!s.isFinal()) {
            throw new BadInputException("Invalid job: " + id + " is still " + s.state() + " (round " + s.round()
                    + "); fetch it when it has finished, or add --wait");
        }
        if (JobStatus.FAILED.equals(s.state())) {
            throw new BadInputException("Invalid job: " + id + " failed and has no results: " + s.error());
        }
        JobOutput out = JobRegistry.results(ignite).get(id);
        if (out == null) {
            throw new BadInputException("Invalid job: the results of " + id + " are no longer kept (7 days)");
        }
        return out;
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The id of this client node (for tests and tools). */
    static UUID nodeId(Ignite ignite) {
        return ignite.cluster().localNode().id();
    }
}

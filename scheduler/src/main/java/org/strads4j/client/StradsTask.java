package org.strads4j.client;

import java.util.List;
import java.util.Map;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.cluster.ClusterTopologyException;
import org.apache.ignite.compute.ComputeJob;
import org.apache.ignite.compute.ComputeJobMasterLeaveAware;
import org.apache.ignite.compute.ComputeJobResult;
import org.apache.ignite.compute.ComputeJobResultPolicy;
import org.apache.ignite.compute.ComputeTaskAdapter;
import org.apache.ignite.compute.ComputeTaskSession;
import org.apache.ignite.resources.IgniteInstanceResource;
import org.strads4j.api.BadInputException;
import org.strads4j.api.JobResult;
import org.strads4j.api.JobSpec;
import org.strads4j.cluster.EmbeddedCluster;
import org.strads4j.engine.JobDeployment;

/**
 * A Strads4J job as an Ignite compute task: {@code ignite.compute().execute(StradsTask.class, spec)}
 * runs the job on the cluster's server nodes and returns its {@link JobResult}. The job is planned on
 * a server (the spec's data paths must be readable there); its output files wait in the cluster under
 * the job id ({@code result.provenance().get("job")}) for {@link StradsClient#fetch}.
 *
 * <pre>{@code
 * try (Ignite client = Ignition.start(NodeConfigs.load("ignite-config/client.xml"))) {
 *     JobSpec spec = JobSpec.defaults("lasso").withNodes(3).withParams(Map.of("data", "/shared/train.svm"));
 *     JobResult r = client.compute().execute(StradsTask.class, spec);
 * }
 * }</pre>
 *
 * The task's one job registers the job and starts its coordinator (a cluster-singleton service,
 * {@link CoordinatorService}, which survives its node and the client), then waits for the end. The
 * waiting job is failed over when its node leaves, and goes on if the submitting node leaves.
 * {@link StradsClient} is the richer entry point (jobs planned on the client, progress, cancel, fetch).
 */
public class StradsTask extends ComputeTaskAdapter<Object, JobResult> {
    private static final long serialVersionUID = 1L;

    @IgniteInstanceResource
    private transient Ignite ignite;

    @Override
    public Map<? extends ComputeJob, ClusterNode> map(List<ClusterNode> subgrid, Object arg) {
        Submission s;
        if (arg instanceof Submission sub) {
            s = sub;
        } else if (arg instanceof JobSpec spec) {
            s = Submission.onServers(JobDeployment.newJobId(spec.app()), spec, ignite.cluster().localNode().id(), null);
        } else {
            throw new IgniteException("StradsTask takes a JobSpec, not " + (arg == null ? "null" : arg.getClass().getName()));
        }
        return Map.of(new AwaitJob(s), coordinatorNode(subgrid));
    }

    /** The oldest server node of the task's subgrid. */
    static ClusterNode coordinatorNode(List<ClusterNode> subgrid) {
        ClusterNode best = null;
        for (ClusterNode n : subgrid) {
            if (!n.isClient() && (best == null || n.order() < best.order())) {
                best = n;
            }
        }
        if (best == null) {
            throw new BadInputException("the cluster has no server node to run the job's coordinator");
        }
        return best;
    }

    /** Fail the waiting job over when its node leaves: waiting again elsewhere changes nothing. */
    @Override
    public ComputeJobResultPolicy result(ComputeJobResult res, List<ComputeJobResult> received) {
        IgniteException e = res.getException();
        if (e != null && (e instanceof ClusterTopologyException || e.hasCause(ClusterTopologyException.class))) {
            return ComputeJobResultPolicy.FAILOVER;
        }
        return ComputeJobResultPolicy.REDUCE;
    }

    @Override
    public JobResult reduce(List<ComputeJobResult> results) {
        ComputeJobResult r = results.get(0);
        if (r.getException() != null) {
            throw r.getException();
        }
        return r.getData();
    }

    /** The server nodes of a cluster in join order (workers are the first N). */
    static List<ClusterNode> servers(Ignite ignite) {
        return EmbeddedCluster.serverNodes(ignite);
    }

    /** Registers the job (once), starts its coordinator service, and waits for the job's end. */
    static final class AwaitJob implements ComputeJob, ComputeJobMasterLeaveAware {
        private static final long serialVersionUID = 1L;
        private final Submission submission;
        private volatile boolean cancelled;
        @IgniteInstanceResource
        private transient Ignite ignite;

        AwaitJob(Submission submission) {
            this.submission = submission;
        }

        @Override
        public Object execute() {
            StradsClient.start(ignite, submission);
            JobHandle handle = new JobHandle(ignite, submission.jobId);
            while (!cancelled) {
                JobStatus s = handle.status();
                if (s.isFinal()) {
                    return handle.await();
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            throw new IgniteException("waiting for job " + submission.jobId + " was cancelled (the job goes on)");
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public void onMasterNodeLeft(ComputeTaskSession session) {
            // the job runs as a service of its own: nothing to do
        }
    }
}

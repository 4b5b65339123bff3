package org.strads4j.client;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.compute.ComputeJob;
import org.apache.ignite.compute.ComputeJobResult;
import org.apache.ignite.compute.ComputeJobResultPolicy;
import org.apache.ignite.compute.ComputeTaskAdapter;
import org.apache.ignite.resources.IgniteInstanceResource;
import org.strads4j.api.BadInputException;
import org.strads4j.api.JobResult;
import org.strads4j.api.JobSpec;
import org.strads4j.cluster.EmbeddedCluster;
import org.strads4j.engine.JobDeployment;

/**
 * A Strads4J job as an Ignite compute task: {@code ignite.compute().execute(StradsTask.class, spec)}
 * runs the job's coordinator on a server node (the oldest), which plans the job there (the spec's
 * data paths must be readable on that node), runs it on the cluster's server nodes, and returns the
 * {@link JobResult}; its output files wait in the cluster under the job id
 * ({@code result.provenance().get("job")}) for {@link StradsClient#fetch}.
 *
 * <pre>{@code
 * try (Ignite client = Ignition.start("ignite-config/client.xml")) {
 *     JobSpec spec = JobSpec.defaults("lasso").withNodes(3).withParams(Map.of("data", "/shared/train.svm"));
 *     JobResult r = client.compute().execute(StradsTask.class, spec);
 * }
 * }</pre>
 *
 * The job goes on if the submitting node leaves ({@link CoordinatorJob} is master-leave aware), and
 * is not failed over to another node when its coordinator's node fails: a job's caches and workers
 * live on the nodes it started with. {@link StradsClient} is the richer entry point (jobs planned
 * on the client, progress, cancel, fetch).
 */
public class StradsTask extends ComputeTaskAdapter<Object, JobResult> {
    private static final long serialVersionUID = 1L;

    @IgniteInstanceResource
    private transient Ignite ignite;

    @Override
    public Map<? extends ComputeJob, ClusterNode> map(List<ClusterNode> subgrid, Object arg) {
        Submission s = arg instanceof Submission sub ? sub : submission(arg);
        ClusterNode coordinator = coordinatorNode(subgrid);
        return Map.of(new CoordinatorJob(s), coordinator);
    }

    private Submission submission(Object arg) {
        if (!(arg instanceof JobSpec spec)) {
            throw new IgniteException("StradsTask takes a JobSpec, not " + (arg == null ? "null" : arg.getClass().getName()));
        }
        String id = JobDeployment.newJobId(spec.app());
        JobRegistry.put(ignite, JobStatus.submitted(id, spec.app(), spec.maxRounds()));
        UUID submitter = ignite.cluster().localNode().id();
        return Submission.onServers(id, spec, submitter);
    }

    /** The oldest server node of the task's subgrid: where coordinators run. */
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

    /** Never fail a coordinator over: it would start the job again on another node. */
    @Override
    public ComputeJobResultPolicy result(ComputeJobResult res, List<ComputeJobResult> received) {
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
}

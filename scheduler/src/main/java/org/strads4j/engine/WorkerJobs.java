package org.strads4j.engine;

import java.util.List;
import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;
import org.strads4j.api.Batch;
import org.strads4j.api.EvaluatePlugin;
import org.strads4j.api.UpdatePlugin;

/**
 * The Ignite compute jobs a worker runs, each sent with {@code affinityCall} to the node that
 * holds the worker's shard. Small named classes; their classes must be on every server's class
 * path (peer class loading is off).
 */
final class WorkerJobs {
    private WorkerJobs() {
    }

    private static WorkerRuntime runtime(Ignite ignite, String jobId, int worker) {
        Object rt = ignite.cluster().nodeLocalMap().get(WorkerRuntime.key(jobId, worker));
        if (rt == null) {
            throw new IllegalStateException("worker " + worker + " of job " + jobId + " is not installed on node "
                    + ignite.name());
        }
        return (WorkerRuntime) rt;
    }

    /** What an install reports: the node the worker runs on and the size of its public pool. */
    static final class Installed implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final String node;
        private final int publicPool;

        Installed(String node, int publicPool) {
            this.node = node;
            this.publicPool = publicPool;
        }

        String node() {
            return node;
        }

        int publicPool() {
            return publicPool;
        }
    }

    /** Creates the worker's runtime on its node: reads the shard, keeps the plugins. */
    static final class Install implements IgniteCallable<Installed> {
        private static final long serialVersionUID = 1L;
        @IgniteInstanceResource
        private transient Ignite ignite;
        private final JobPlacement placement;
        private final int worker;
        private final byte[] update;
        private final byte[] evaluate;

        Install(JobPlacement placement, int worker, byte[] update, byte[] evaluate) {
            this.placement = placement;
            this.worker = worker;
            this.update = update;
            this.evaluate = evaluate;
        }

        @Override
        public Installed call() {
            WorkerRuntime rt = new WorkerRuntime(ignite, placement, worker,
                    (UpdatePlugin) JdkSerialization.fromBytes(update), (EvaluatePlugin) JdkSerialization.fromBytes(evaluate));
            ignite.cluster().nodeLocalMap().put(WorkerRuntime.key(placement.jobId(), worker), rt);
            return new Installed(ignite.cluster().localNode().consistentId().toString(),
                    ignite.configuration().getPublicThreadPoolSize());
        }
    }

    /**
     * One round on one worker: wait for the worker's previous round, apply the commits this
     * dispatch carried, then update the assigned blocks. Ignite may start a worker's pipelined
     * round jobs in any order; running them in round order is what makes a round's partials see
     * exactly the commits its dispatch carried.
     */
    static final class Round implements IgniteCallable<Batch> {
        private static final long serialVersionUID = 1L;
        @IgniteInstanceResource
        private transient Ignite ignite;
        private final String jobId;
        private final int worker;
        private final long round;
        private final List<RoundCommit> commits;
        private final Batch blocks;

        Round(String jobId, int worker, long round, List<RoundCommit> commits, Batch blocks) {
            this.jobId = jobId;
            this.worker = worker;
            this.round = round;
            this.commits = commits;
            this.blocks = blocks;
        }

        @Override
        public Batch call() throws InterruptedException {
            WorkerRuntime rt = runtime(ignite, jobId, worker);
            synchronized (rt) {
                rt.awaitTurn(round);
                try {
                    rt.applyCommits(commits);
                    return rt.update(blocks);
                } finally {
                    rt.roundDone(round);
                }
            }
        }
    }

    /** Evaluation on one worker: apply the pending commits, then compute the partial statistics. */
    static final class Evaluate implements IgniteCallable<double[]> {
        private static final long serialVersionUID = 1L;
        @IgniteInstanceResource
        private transient Ignite ignite;
        private final String jobId;
        private final int worker;
        private final List<RoundCommit> commits;

        Evaluate(String jobId, int worker, List<RoundCommit> commits) {
            this.jobId = jobId;
            this.worker = worker;
            this.commits = commits;
        }

        @Override
        public double[] call() {
            WorkerRuntime rt = runtime(ignite, jobId, worker);
            synchronized (rt) {
                rt.applyCommits(commits);
                return rt.evaluate();
            }
        }
    }

    /** Drops the worker's runtime from its node. */
    static final class Uninstall implements IgniteCallable<Boolean> {
        private static final long serialVersionUID = 1L;
        @IgniteInstanceResource
        private transient Ignite ignite;
        private final String jobId;
        private final int worker;

        Uninstall(String jobId, int worker) {
            this.jobId = jobId;
            this.worker = worker;
        }

        @Override
        public Boolean call() {
            return ignite.cluster().nodeLocalMap().remove(WorkerRuntime.key(jobId, worker)) != null;
        }
    }
}

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
 * path (peer class loading is off). Every job after the install names the install's generation,
 * and a runtime refuses jobs of another one (see {@link WorkerRuntime}).
 */
final class WorkerJobs {
    private WorkerJobs() {
    }

    private static WorkerRuntime runtime(Ignite ignite, String jobId, int worker, long generation) {
        Object rt = ignite.cluster().nodeLocalMap().get(WorkerRuntime.key(jobId, worker));
        if (rt == null) {
            throw new NotInstalledException("worker " + worker + " of job " + jobId + " is not installed on node "
                    + ignite.name());
        }
        WorkerRuntime runtime = (WorkerRuntime) rt;
        runtime.checkGeneration(generation);
        return runtime;
    }

    /**
     * Runs {@code body} as the worker's round (or clock) {@code round}: on the runtime's monitor,
     * after the worker's round {@code previous}, and marks it done whatever happens.
     */
    private static Batch inTurn(WorkerRuntime rt, long generation, long previous, long round,
                                java.util.function.Supplier<Batch> body) throws InterruptedException {
        synchronized (rt) {
            rt.checkGeneration(generation);
            rt.awaitTurn(previous, round);
            try {
                return body.get();
            } finally {
                rt.roundDone(round);
            }
        }
    }

    /**
     * What an install reports: the node the worker runs on, the size of its public pool, and the
     * kernel its update plugin chose there ({@link UpdatePlugin#kernel}).
     */
    static final class Installed implements java.io.Serializable {
        private static final long serialVersionUID = 2L;
        private final String node;
        private final int publicPool;
        private final String kernel;

        Installed(String node, int publicPool, String kernel) {
            this.node = node;
            this.publicPool = publicPool;
            this.kernel = kernel;
        }

        String kernel() {
            return kernel;
        }

        String node() {
            return node;
        }

        int publicPool() {
            return publicPool;
        }
    }

    /**
     * Creates the worker's runtime on its node: reads the shard, keeps the plugins. A runtime of an
     * earlier generation still there (a recovery) is abandoned first.
     */
    static final class Install implements IgniteCallable<Installed> {
        private static final long serialVersionUID = 1L;
        @IgniteInstanceResource
        private transient Ignite ignite;
        private final JobPlacement placement;
        private final int worker;
        private final byte[] update;
        private final byte[] evaluate;
        private final long generation;
        private final long startRound;

        Install(JobPlacement placement, int worker, byte[] update, byte[] evaluate, long generation, long startRound) {
            this.placement = placement;
            this.worker = worker;
            this.update = update;
            this.evaluate = evaluate;
            this.generation = generation;
            this.startRound = startRound;
        }

        @Override
        public Installed call() {
            WorkerRuntime rt = new WorkerRuntime(ignite, placement, worker,
                    (UpdatePlugin) JdkSerialization.fromBytes(update), (EvaluatePlugin) JdkSerialization.fromBytes(evaluate),
                    generation, startRound);
            Object old = ignite.cluster().nodeLocalMap().put(WorkerRuntime.key(placement.jobId(), worker), rt);
            if (old instanceof WorkerRuntime o) {
                o.abandon();
            }
            return new Installed(ignite.cluster().localNode().consistentId().toString(),
                    ignite.configuration().getPublicThreadPoolSize(), rt.kernel());
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
        private final long generation;
        private final long previous;
        private final long round;
        private final List<RoundCommit> commits;
        private final Batch blocks;

        Round(String jobId, int worker, long generation, long previous, long round, List<RoundCommit> commits,
              Batch blocks) {
            this.jobId = jobId;
            this.worker = worker;
            this.generation = generation;
            this.previous = previous;
            this.round = round;
            this.commits = commits;
            this.blocks = blocks;
        }

        @Override
        public Batch call() throws InterruptedException {
            WorkerRuntime rt = runtime(ignite, jobId, worker, generation);
            return inTurn(rt, generation, previous, round, () -> {
                rt.applyCommits(commits);
                return rt.update(round, blocks);
            });
        }
    }

    /**
     * One param-server clock on one worker ({@link WorkerRuntime#clock}): clocks of a worker run in
     * order; the coordinator sends clock {@code c} only once the staleness bound allows it.
     */
    static final class Clock implements IgniteCallable<Batch> {
        private static final long serialVersionUID = 1L;
        @IgniteInstanceResource
        private transient Ignite ignite;
        private final String jobId;
        private final int worker;
        private final long generation;
        private final long clock;
        private final boolean barrier;

        Clock(String jobId, int worker, long generation, long clock, boolean barrier) {
            this.jobId = jobId;
            this.worker = worker;
            this.generation = generation;
            this.clock = clock;
            this.barrier = barrier;
        }

        @Override
        public Batch call() throws InterruptedException {
            WorkerRuntime rt = runtime(ignite, jobId, worker, generation);
            return inTurn(rt, generation, clock - 1, clock, () -> rt.clock(clock, barrier));
        }
    }

    /** Evaluation on one worker: apply the pending commits, then compute the partial statistics. */
    static final class Evaluate implements IgniteCallable<double[]> {
        private static final long serialVersionUID = 1L;
        @IgniteInstanceResource
        private transient Ignite ignite;
        private final String jobId;
        private final int worker;
        private final long generation;
        private final List<RoundCommit> commits;

        Evaluate(String jobId, int worker, long generation, List<RoundCommit> commits) {
            this.jobId = jobId;
            this.worker = worker;
            this.generation = generation;
            this.commits = commits;
        }

        /** Runs this job on {@code node}, the node it was installed on, in the calling thread. */
        double[] callOn(Ignite node) {
            this.ignite = node;
            return call();
        }

        @Override
        public double[] call() {
            WorkerRuntime rt = runtime(ignite, jobId, worker, generation);
            synchronized (rt) {
                rt.checkGeneration(generation);
                rt.applyCommits(commits);
                return rt.evaluate();
            }
        }
    }

    /** The worker's state for a checkpoint (every commit up to {@code round} applied). */
    static final class SaveState implements IgniteCallable<byte[]> {
        private static final long serialVersionUID = 1L;
        @IgniteInstanceResource
        private transient Ignite ignite;
        private final String jobId;
        private final int worker;
        private final long generation;
        private final long round;

        SaveState(String jobId, int worker, long generation, long round) {
            this.jobId = jobId;
            this.worker = worker;
            this.generation = generation;
            this.round = round;
        }

        @Override
        public byte[] call() {
            WorkerRuntime rt = runtime(ignite, jobId, worker, generation);
            synchronized (rt) {
                return rt.saveState(round);
            }
        }
    }

    /** Restores a checkpointed state into a freshly installed worker. */
    static final class RestoreState implements IgniteCallable<Boolean> {
        private static final long serialVersionUID = 1L;
        @IgniteInstanceResource
        private transient Ignite ignite;
        private final String jobId;
        private final int worker;
        private final long generation;
        private final byte[] state;

        RestoreState(String jobId, int worker, long generation, byte[] state) {
            this.jobId = jobId;
            this.worker = worker;
            this.generation = generation;
            this.state = state;
        }

        @Override
        public Boolean call() {
            WorkerRuntime rt = runtime(ignite, jobId, worker, generation);
            synchronized (rt) {
                rt.restoreState(state);
            }
            return true;
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
            return drop(ignite, jobId, worker);
        }
    }

    /** Removes worker {@code worker}'s runtime from this node and abandons it; false when there was none. */
    private static boolean drop(Ignite ignite, String jobId, int worker) {
        Object rt = ignite.cluster().nodeLocalMap().remove(WorkerRuntime.key(jobId, worker));
        if (rt instanceof WorkerRuntime r) {
            r.abandon();
        }
        return rt != null;
    }

    /** Run on every server node: drops every runtime of a job (before a recovery reinstalls them). */
    static final class AbandonAll implements org.apache.ignite.lang.IgniteRunnable {
        private static final long serialVersionUID = 1L;
        @IgniteInstanceResource
        private transient Ignite ignite;
        private final String jobId;
        private final int workers;

        AbandonAll(String jobId, int workers) {
            this.jobId = jobId;
            this.workers = workers;
        }

        @Override
        public void run() {
            for (int w = 0; w < workers; w++) {
                drop(ignite, jobId, w);
            }
            Mailbox.drop(ignite, jobId);
        }
    }

    /** A job reached a node where its worker is not installed (its node was lost, or it moved). */
    static final class NotInstalledException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NotInstalledException(String message) {
            super(message);
        }
    }
}

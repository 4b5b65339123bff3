package org.strads4j.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.ignite.lang.IgniteFuture;
import org.strads4j.api.Assignment;
import org.strads4j.api.Batch;
import org.strads4j.api.Evaluation;
import org.strads4j.api.JobSpec;
import org.strads4j.checkpoint.Checkpoint;

/**
 * The engine of all three schedules. Model-parallel (STRADS) and data-parallel run rounds of
 * schedule, dispatch, aggregate and commit (data-parallel: every round a barrier over all
 * parameters, the app's plugins decide what a round updates); param-server runs each worker's own
 * clocks ({@link #clocks}).
 *
 * <pre>
 * round t:  assignment = schedule.next(ctx)
 *           dispatch to every worker (one affinityCall each), carrying the commits not yet applied
 *           partials  -> aggregate -> commit of round t (new values written to the ParamStore)
 *           schedule.observe(commit); the commit rides on the dispatch of round t+1
 * </pre>
 *
 * With staleness {@code s > 0} up to {@code s + 1} rounds are in flight: round {@code t} is
 * computed with the commits up to round {@code t - 1 - s} or later. Evaluations are barriers:
 * every round in flight is committed first. Every {@code evalEvery} rounds the
 * {@link org.strads4j.api.EvaluatePlugin} runs on all workers; the job stops when it reports
 * convergence, when the schedule returns an empty assignment, or after {@code maxRounds}.
 *
 * <p>Fault tolerance: with {@link Checkpointing} on, the whole job (coordinator state, worker
 * states, parameters, counters) is checkpointed at evaluation barriers. When a node is lost the
 * engine rolls the job back to its last checkpoint: it reinstalls every worker where the shards'
 * copies now are, restores the states and parameters, and runs the rounds since again. Random
 * draws depend on the seed and the round alone, so the result is the uninterrupted job's. A job
 * whose caches lost data (more nodes lost than backups) stops, naming what was lost and where its
 * last checkpoint is.
 */
final class ModelParallelEngine {
    /** The longest a coordinator's parameter write waits, in seconds of solve time, before it is in the cache. */
    static final long FLUSH_SECONDS = 10;
    /** Recoveries after which a job that keeps losing nodes gives up. */
    private static final int MAX_RECOVERIES = 10;

    private final CoordinatorPlan plan;
    private final JobDeployment deployment;
    private final RunListener listener;
    private final BooleanSupplier cancelled;
    private final Checkpointing checkpointing;
    private final CoordinatorParamStore<Object> params;
    private final CoordinatorState ctx;

    private final List<RoundCommit> unacked = new ArrayList<>();
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private final List<Map<String, Object>> metrics = new ArrayList<>();
    private long dispatched;
    private long committed;
    /** The last round dispatched to the workers (rounds on the coordinator alone are not). */
    private long lastSent;
    private long updates;
    private boolean scheduleEmpty;
    private long start;
    private Evaluation lastEvaluation;
    private Checkpoint lastCheckpoint;
    private long lastCheckpointNanos;
    private long lastFlushNanos;
    private int recoveries;

    private record InFlight(long round, Assignment assignment, List<IgniteFuture<Batch>> futures,
                            long carriedThrough) {
    }

    /**
     * @param cancelled polled between rounds; when true the job stops (stop reason {@code cancelled})
     *                  after a final evaluation
     */
    ModelParallelEngine(CoordinatorPlan plan, JobDeployment deployment, RunListener listener, BooleanSupplier cancelled,
                        Checkpointing checkpointing) {
        this.plan = plan;
        this.deployment = deployment;
        this.listener = listener;
        this.cancelled = cancelled;
        this.checkpointing = checkpointing;
        this.params = new CoordinatorParamStore<>(deployment.params());
        this.ctx = new CoordinatorState(plan, params, this::inFlightAssignments);
    }

    /** The outcome of the loop, before results are written. */
    record Outcome(long rounds, long updates, double seconds, Evaluation last, String stopReason,
                   List<Map<String, Object>> metrics) {
    }

    /** The context the plugins saw, for the results (its parameter store is flushed). */
    CoordinatorState context() {
        return ctx;
    }

    Outcome run() {
        JobSpec spec = plan.spec();
        start = System.nanoTime();
        lastFlushNanos = start;
        if (checkpointing.resumeFrom() != null) {
            restore(checkpointing.resumeFrom());
            lastCheckpoint = checkpointing.resumeFrom();
            lastCheckpointNanos = System.nanoTime();
        } else if (checkpointing.enabled()) {
            checkpoint();
        }
        while (true) {
            try {
                String stop = JobSpec.PARAM_SERVER.equals(spec.schedule()) ? clocks(spec) : rounds(spec);
                Evaluation last = finish();
                double seconds = (System.nanoTime() - start) / 1e9;
                return new Outcome(committed, updates, seconds, last, stop, metrics);
            } catch (RuntimeException e) {
                if (!JobDeployment.isNodeLoss(e)) {
                    throw e;
                }
                recover(e);
            }
        }
    }

    /** Runs rounds until a stop reason; a lost node surfaces as an exception (see {@link #recover}). */
    private String rounds(JobSpec spec) {
        lastEvaluation = null;
        while (true) {
            if (cancelled.getAsBoolean()) {
                while (!inFlight.isEmpty()) {
                    completeOldest();
                }
                return "cancelled";
            }
            dispatchWhileAllowed(spec);
            if (inFlight.isEmpty()) {
                return scheduleEmpty ? "schedule-empty" : "max-rounds";
            }
            completeOldest();
            boolean lastRound = committed >= spec.maxRounds();
            boolean requested = ctx.takeEvaluationRequest();
            if (committed % spec.evalEvery() == 0 || lastRound || requested) {
                // A barrier: evaluations run with no round in flight, so a round's partials never see
                // commits that its dispatch did not carry (workers run jobs in no guaranteed order).
                while (!inFlight.isEmpty()) {
                    completeOldest();
                }
                String stop = evaluateAtBarrier(spec);
                if (stop != null) {
                    return stop;
                }
            }
        }
    }

    /**
     * Evaluates the committed state (no round or clock in flight) and says why the job stops now,
     * or checkpoints it when one is due and returns null.
     */
    private String evaluateAtBarrier(JobSpec spec) {
        lastEvaluation = evaluate(committed, updates);
        if (lastEvaluation.converged()) {
            return "converged";
        } else if (committed >= spec.maxRounds()) {
            return "max-rounds";
        } else if (checkpointDue(spec)) {
            checkpoint();
        }
        return null;
    }

    /**
     * The param-server schedule: each worker runs its own clocks, pulling from and pushing to the
     * parameter store, and starts clock {@code c} only when every worker has finished clock
     * {@code c - 1 - staleness} (SSP). Evaluations, every {@code evalEvery} clocks, are barriers:
     * every worker finishes the clock before it (its pushes landed), so they see one consistent
     * state. {@link #committed} counts the clocks every worker has finished.
     */
    private String clocks(JobSpec spec) {
        lastEvaluation = null;
        while (true) {
            if (cancelled.getAsBoolean()) {
                return "cancelled";
            }
            long target = Math.min(spec.maxRounds(), (committed / spec.evalEvery() + 1) * spec.evalEvery());
            runClocksTo(target, spec.staleness());
            committed = target;
            dispatched = target;
            String stop = evaluateAtBarrier(spec);
            if (stop != null) {
                return stop;
            }
        }
    }

    /** Runs every worker's clocks up to {@code target}, none more than {@code staleness} ahead of the slowest. */
    private void runClocksTo(long target, int staleness) {
        int n = deployment.workers();
        long[] done = new long[n];
        java.util.Arrays.fill(done, committed);
        List<IgniteFuture<Batch>> running = new ArrayList<>(java.util.Collections.nCopies(n, null));
        FinishedJobs finished = new FinishedJobs();
        boolean barrier = staleness == 0;
        while (true) {
            long slowest = Long.MAX_VALUE;
            for (long d : done) {
                slowest = Math.min(slowest, d);
            }
            if (slowest >= target) {
                return;
            }
            for (int w = 0; w < n; w++) {
                if (running.get(w) == null && done[w] < target && done[w] - slowest <= staleness) {
                    IgniteFuture<Batch> f = deployment.dispatchClock(w, done[w] + 1, barrier);
                    running.set(w, f);
                    finished.watch(w, f);
                }
            }
            int w = finished.next("clocks", deployment::workerNodeLost);
            Batch b = JobDeployment.join(running.get(w), w, "clock " + (done[w] + 1));
            running.set(w, null);
            done[w]++;
            updates += b.keys().length;
        }
    }

    /** The parameter writes landed, and the evaluation of the last committed round. */
    private Evaluation finish() {
        params.flush();
        params.sync();
        if (lastEvaluation == null || (Long) metrics.get(metrics.size() - 1).get("round") != committed) {
            lastEvaluation = evaluate(committed, updates);
        }
        return lastEvaluation;
    }

    private boolean checkpointDue(JobSpec spec) {
        if (!checkpointing.enabled()) {
            return false;
        }
        if (spec.checkpointEvery() > 0) {
            return committed - (lastCheckpoint == null ? 0 : lastCheckpoint.round()) >= spec.checkpointEvery();
        }
        return System.nanoTime() - lastCheckpointNanos >= Checkpointing.DEFAULT_SECONDS * 1_000_000_000L;
    }

    /**
     * Starts writing the coordinator's parameter writes to the cache when {@link #FLUSH_SECONDS} have
     * passed since the last write: the cache is a job's result and what a checkpoint reads, which
     * the end and every checkpoint write in full. Between them, writing at every evaluation cost a
     * third of a short job's solve (finefoods, 9 rounds, 1 node: 20-35 ms of about 90 ms waiting
     * for the previous batch); the single write at the end takes 7 ms there.
     */
    private void flushWhenDue() {
        if (System.nanoTime() - lastFlushNanos >= FLUSH_SECONDS * 1_000_000_000L) {
            params.flush();
            lastFlushNanos = System.nanoTime();
        }
    }

    /**
     * Checkpoints the job: called with no round in flight and every commit applied by every worker.
     * At round 0 (the checkpoint taken at install) the workers are as their install made them, and a
     * reinstall makes them so again: their states are left out (null). Nothing has written a
     * parameter yet either (an install writes none, see {@link org.strads4j.api.UpdatePlugin#kernel}),
     * so the parameter cache is not scanned. Both saved calls to every node at the start of every job
     * with backups: 5 to 8 ms of a 0.1 s finefoods solve on 3 in-process nodes.
     */
    private void checkpoint() {
        params.flush();
        params.sync();
        lastFlushNanos = System.nanoTime();
        boolean atInstall = committed == 0;
        byte[][] workers = atInstall ? null : deployment.saveStates(committed);
        byte[] state = ctx.state() == null ? null : JdkSerialization.toBytesWithoutInputs(ctx.state());
        Checkpoint c = new Checkpoint(deployment.jobId(), plan.spec(), checkpointing.inputs(), committed, updates,
                (System.nanoTime() - start) / 1e9, scheduleEmpty, metrics, state, workers,
                Checkpoint.encodeParams(atInstall ? new LinkedHashMap<>() : deployment.paramEntries()));
        checkpointing.store(c);
        lastCheckpoint = c;
        lastCheckpointNanos = System.nanoTime();
        listener.checkpointed(committed);
    }

    /** A node was lost: roll the job back to its last checkpoint and go on from there. */
    private void recover(RuntimeException cause) {
        if (lastCheckpoint == null) {
            throw new WorkerFailedException(cause.getMessage() + " (the job has no checkpoint to recover from: run it"
                    + " with backups, --backups 1, or a --checkpoint-dir)", cause);
        }
        RuntimeException failure = cause;
        long t0 = System.nanoTime();
        while (true) {
            if (++recoveries > MAX_RECOVERIES) {
                throw new WorkerFailedException("the job lost nodes " + MAX_RECOVERIES + " times; its last checkpoint"
                        + " (round " + lastCheckpoint.round() + ") is in " + checkpointing.where(), failure);
            }
            listener.recovering(lastCheckpoint.round(), String.valueOf(failure.getMessage()));
            try {
                restore(lastCheckpoint);
                listener.recovered(lastCheckpoint.round(), (System.nanoTime() - t0) / 1e9);
                return;
            } catch (JobDeployment.DataLostException e) {
                throw new IllegalStateException("the job lost " + e.getMessage() + " with the nodes that left (backups: "
                        + deployment.backups() + "); its last checkpoint (round " + lastCheckpoint.round() + ") is in "
                        + checkpointing.where(), e);
            } catch (RuntimeException e) {
                if (!JobDeployment.isNodeLoss(e)) {
                    throw e;
                }
                failure = e;   // another node went while recovering: try again from the same checkpoint
            }
        }
    }

    /** Rolls the job back to {@code c}: workers reinstalled and restored, parameters, coordinator state, counters. */
    private void restore(Checkpoint c) {
        inFlight.clear();
        unacked.clear();
        params.discard();
        deployment.reinstall(c.round());
        deployment.restoreParams(c.paramEntries());
        if (c.workerStates() != null) {
            deployment.restoreStates(c.workerStates());   // else round 0: the reinstall made them
        }
        if (c.coordinatorState() != null) {
            ctx.restoreState((java.io.Serializable) JdkSerialization.fromBytesWithInputs(c.coordinatorState(),
                    plan.state()));
        }
        committed = c.round();
        dispatched = c.round();
        lastSent = c.round();
        updates = c.updates();
        scheduleEmpty = c.scheduleEmpty();
        metrics.clear();
        metrics.addAll(c.metrics());
        start = System.nanoTime() - (long) (c.seconds() * 1e9);
    }

    /** Plans and dispatches rounds while fewer than staleness + 1 are in flight. */
    private void dispatchWhileAllowed(JobSpec spec) {
        while (!scheduleEmpty && inFlight.size() <= spec.staleness() && dispatched < spec.maxRounds()) {
            ctx.round(dispatched + 1);
            Assignment a = plan.schedule().next(ctx);
            if (a.isEmpty()) {
                // beside rounds in flight, empty means "not now"; with none, the schedule is done
                scheduleEmpty = inFlight.isEmpty();
                return;
            }
            dispatched++;
            if (a.isOnCoordinator()) {
                // nothing is sent, so nothing is acknowledged by it (no commit has round 0)
                inFlight.addLast(new InFlight(dispatched, a, List.of(), 0));
                continue;
            }
            List<RoundCommit> commits = List.copyOf(unacked);
            long through = commits.isEmpty() ? committed : commits.get(commits.size() - 1).round();
            inFlight.addLast(new InFlight(dispatched, a, deployment.dispatch(lastSent, dispatched, commits, a), through));
            lastSent = dispatched;
        }
    }

    /** Waits for the oldest round in flight, aggregates it and queues its commit. */
    private void completeOldest() {
        InFlight done = inFlight.removeFirst();
        List<Batch> partials = JobDeployment.joinAll(done.futures(), "round " + done.round(), deployment::workerNodeLost);
        acknowledge(done.carriedThrough());
        Batch commit = plan.aggregate().aggregate(done.assignment(), partials, ctx);
        plan.schedule().observe(commit, ctx);
        unacked.add(new RoundCommit(done.round(), commit));
        committed = done.round();
        updates += done.assignment().blockCount();
    }

    private Evaluation evaluate(long round, long updates) {
        flushWhenDue();
        double[][] partials = deployment.evaluate(List.copyOf(unacked));
        acknowledge(unacked.isEmpty() ? 0 : unacked.get(unacked.size() - 1).round());
        Evaluation e = plan.evaluate().combine(round, partials, ctx);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("round", round);
        row.put("seconds", seconds);
        row.put("objective", e.objective());
        row.put("updates", updates);
        row.putAll(JobRunner.jsonMetrics(e.metrics()));
        metrics.add(row);
        listener.evaluated(round, updates, seconds, e);
        return e;
    }

    /** Commits up to {@code round} have been applied by every worker: stop sending them. */
    private void acknowledge(long round) {
        unacked.removeIf(c -> c.round() <= round);
    }

    private List<Assignment> inFlightAssignments() {
        if (inFlight.isEmpty()) {
            return List.of();
        }
        List<Assignment> out = new ArrayList<>(inFlight.size());
        for (InFlight f : inFlight) {
            out.add(f.assignment());
        }
        return out;
    }
}

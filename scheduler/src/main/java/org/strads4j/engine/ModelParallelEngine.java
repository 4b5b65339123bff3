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

/**
 * The model-parallel schedule of STRADS: rounds of schedule, dispatch, aggregate and commit.
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
 */
final class ModelParallelEngine {
    private final CoordinatorPlan plan;
    private final JobDeployment deployment;
    private final RunListener listener;
    private final BooleanSupplier cancelled;
    private final CoordinatorParamStore<Object> params;
    private final CoordinatorState ctx;

    private final List<RoundCommit> unacked = new ArrayList<>();
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private final List<Map<String, Object>> metrics = new ArrayList<>();
    private long dispatched;
    private long committed;
    private long updates;
    private boolean scheduleEmpty;

    private record InFlight(long round, Assignment assignment, List<IgniteFuture<Batch>> futures,
                            long carriedThrough) {
    }

    /**
     * @param cancelled polled between rounds; when true the job stops (stop reason {@code cancelled})
     *                  after a final evaluation
     */
    ModelParallelEngine(CoordinatorPlan plan, JobDeployment deployment, RunListener listener, BooleanSupplier cancelled) {
        this.plan = plan;
        this.deployment = deployment;
        this.listener = listener;
        this.cancelled = cancelled;
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
        long start = System.nanoTime();
        Evaluation last = null;
        String stop = null;
        while (stop == null) {
            if (cancelled.getAsBoolean()) {
                while (!inFlight.isEmpty()) {
                    completeOldest();
                }
                stop = "cancelled";
                break;
            }
            dispatchWhileAllowed(spec);
            if (inFlight.isEmpty()) {
                stop = scheduleEmpty ? "schedule-empty" : "max-rounds";
                break;
            }
            completeOldest();
            boolean lastRound = committed >= spec.maxRounds();
            if (committed % spec.evalEvery() == 0 || lastRound) {
                // A barrier: evaluations run with no round in flight, so a round's partials never see
                // commits that its dispatch did not carry (workers run jobs in no guaranteed order).
                while (!inFlight.isEmpty()) {
                    completeOldest();
                }
                last = evaluate(committed, updates, start);
                if (last.converged()) {
                    stop = "converged";
                } else if (committed >= spec.maxRounds()) {
                    stop = "max-rounds";
                }
            }
        }
        params.flush();
        params.sync();
        if (last == null || (Long) metrics.get(metrics.size() - 1).get("round") != committed) {
            last = evaluate(committed, updates, start);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Outcome(committed, updates, seconds, last, stop, metrics);
    }

    /** Plans and dispatches rounds while fewer than staleness + 1 are in flight. */
    private void dispatchWhileAllowed(JobSpec spec) {
        while (!scheduleEmpty && inFlight.size() <= spec.staleness() && dispatched < spec.maxRounds()) {
            ctx.round(dispatched + 1);
            Assignment a = plan.schedule().next(ctx);
            if (a.isEmpty()) {
                scheduleEmpty = true;
                return;
            }
            List<RoundCommit> commits = List.copyOf(unacked);
            long through = commits.isEmpty() ? committed : commits.get(commits.size() - 1).round();
            dispatched++;
            inFlight.addLast(new InFlight(dispatched, a, deployment.dispatch(dispatched, commits, a), through));
        }
    }

    /** Waits for the oldest round in flight, aggregates it and queues its commit. */
    private void completeOldest() {
        InFlight done = inFlight.removeFirst();
        List<Batch> partials = new ArrayList<>(done.futures().size());
        for (int w = 0; w < done.futures().size(); w++) {
            partials.add(JobDeployment.join(done.futures().get(w), w, "round " + done.round()));
        }
        acknowledge(done.carriedThrough());
        Batch commit = plan.aggregate().aggregate(done.assignment(), partials, ctx);
        plan.schedule().observe(commit, ctx);
        unacked.add(new RoundCommit(done.round(), commit));
        committed = done.round();
        updates += done.assignment().blockCount();
    }

    private Evaluation evaluate(long round, long updates, long start) {
        params.flush();
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

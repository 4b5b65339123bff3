package org.strads4j.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.ignite.lang.IgniteFuture;
import org.strads4j.api.Assignment;
import org.strads4j.api.Batch;
import org.strads4j.api.Evaluation;
import org.strads4j.api.Job;
import org.strads4j.api.JobSpec;
import org.strads4j.api.ParamStore;
import org.strads4j.api.ScheduleContext;

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
    private final Job job;
    private final JobDeployment deployment;
    private final RunListener listener;

    private final List<RoundCommit> unacked = new ArrayList<>();
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private final List<Map<String, Object>> metrics = new ArrayList<>();

    private record InFlight(long round, Assignment assignment, List<IgniteFuture<Batch>> futures,
                            long carriedThrough) {
    }

    ModelParallelEngine(Job job, JobDeployment deployment, RunListener listener) {
        this.job = job;
        this.deployment = deployment;
        this.listener = listener;
    }

    /** The outcome of the loop, before results are written. */
    record Outcome(long rounds, long updates, double seconds, Evaluation last, String stopReason,
                   List<Map<String, Object>> metrics) {
    }

    Outcome run() {
        JobSpec spec = job.spec();
        CoordinatorParamStore<Object> params = new CoordinatorParamStore<>(deployment.params());
        Context ctx = new Context(deployment.workers(), new SplittableRandom(Seeds.scheduler(spec.seed())));
        long start = System.nanoTime();
        Evaluation last = null;
        String stop = null;
        while (stop == null) {
            dispatchWhileAllowed(ctx, spec);
            if (inFlight.isEmpty()) {
                stop = scheduleEmpty ? "schedule-empty" : "max-rounds";
                break;
            }
            completeOldest(params);
            boolean lastRound = committed >= spec.maxRounds();
            if (committed % spec.evalEvery() == 0 || lastRound) {
                // A barrier: evaluations run with no round in flight, so a round's partials never see
                // commits that its dispatch did not carry (workers run jobs in no guaranteed order).
                while (!inFlight.isEmpty()) {
                    completeOldest(params);
                }
                last = evaluate(committed, updates, start, params);
                if (last.converged()) {
                    stop = "converged";
                } else if (committed >= spec.maxRounds()) {
                    stop = "max-rounds";
                }
            }
        }
        params.flush();
        if (last == null || (Long) metrics.get(metrics.size() - 1).get("round") != committed) {
            last = evaluate(committed, updates, start, params);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Outcome(committed, updates, seconds, last, stop, metrics);
    }

    private long dispatched;
    private long committed;
    private long updates;
    private boolean scheduleEmpty;

    /** Plans and dispatches rounds while fewer than staleness + 1 are in flight. */
    private void dispatchWhileAllowed(Context ctx, JobSpec spec) {
        while (!scheduleEmpty && inFlight.size() <= spec.staleness() && dispatched < spec.maxRounds()) {
            ctx.round = dispatched + 1;
            Assignment a = job.schedule().next(ctx);
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
    private void completeOldest(CoordinatorParamStore<Object> params) {
        InFlight done = inFlight.removeFirst();
        List<Batch> partials = new ArrayList<>(done.futures().size());
        for (int w = 0; w < done.futures().size(); w++) {
            partials.add(JobDeployment.join(done.futures().get(w), w, "round " + done.round()));
        }
        acknowledge(done.carriedThrough());
        Batch commit = job.aggregate().aggregate(done.assignment(), partials, params);
        job.schedule().observe(commit);
        unacked.add(new RoundCommit(done.round(), commit));
        committed = done.round();
        updates += done.assignment().blockCount();
    }

    private Evaluation evaluate(long round, long updates, long start, CoordinatorParamStore<Object> params) {
        params.flush();
        double[][] partials = deployment.evaluate(List.copyOf(unacked));
        acknowledge(unacked.isEmpty() ? 0 : unacked.get(unacked.size() - 1).round());
        Evaluation e = job.evaluate().combine(round, partials, params);
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

    private final class Context implements ScheduleContext {
        private final int workers;
        private final SplittableRandom random;
        private long round;

        Context(int workers, SplittableRandom random) {
            this.workers = workers;
            this.random = random;
        }

        @Override
        public long round() {
            return round;
        }

        @Override
        public int workers() {
            return workers;
        }

        @Override
        public SplittableRandom random() {
            return random;
        }

        @Override
        public List<Assignment> inFlight() {
            if (inFlight.isEmpty()) {
                return List.of();
            }
            List<Assignment> out = new ArrayList<>(inFlight.size());
            for (InFlight f : inFlight) {
                out.add(f.assignment());
            }
            return Collections.unmodifiableList(out);
        }
    }
}

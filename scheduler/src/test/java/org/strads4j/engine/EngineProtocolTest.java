package org.strads4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strads4j.api.AggregatePlugin;
import org.strads4j.api.Assignment;
import org.strads4j.api.Batch;
import org.strads4j.api.CoordinatorContext;
import org.strads4j.api.Evaluation;
import org.strads4j.api.EvaluatePlugin;
import org.strads4j.api.Job;
import org.strads4j.api.JobResult;
import org.strads4j.api.JobSpec;
import org.strads4j.api.ParamStore;
import org.strads4j.api.ResultWriter;
import org.strads4j.api.SchedulePlugin;
import org.strads4j.api.ScheduleContext;
import org.strads4j.api.UpdatePlugin;
import org.strads4j.api.WorkerContext;
import org.strads4j.cluster.EmbeddedCluster;
import org.strads4j.io.Json;

/**
 * The round protocol on real embedded clusters, with a probe app whose workers report what they
 * have seen: commits applied once, in order, before the next update; the commit of round t rides on
 * round t+1 (or t+1+s with staleness s); evaluations every evalEvery rounds; failures name the worker.
 */
class EngineProtocolTest {
    private static EmbeddedCluster one;
    private static EmbeddedCluster three;

    @BeforeAll
    static void start() {
        one = EmbeddedCluster.start(1);
        three = EmbeddedCluster.start(3);
    }

    @AfterAll
    static void stop() {
        three.close();
        one.close();
    }

    /** A worker's shard: its index and some data. */
    record ProbeShard(int worker, long[] data) implements Serializable {
    }

    /** Worker state: the rounds whose commits it applied, in order. */
    static final class Seen {
        final List<Long> applied = new ArrayList<>();
        long updates;
    }

    /** Returns (lastApplied, sum of shard data, worker) per block; fails on request. */
    static final class ProbeUpdate implements UpdatePlugin {
        private final long failInRound;

        ProbeUpdate(long failInRound) {
            this.failInRound = failInRound;
        }

        @Override
        public Batch update(Batch blocks, WorkerContext ctx) {
            Seen seen = ctx.local("seen", Seen::new);
            seen.updates++;
            ProbeShard shard = ctx.shard(ProbeShard.class);
            assertEquals(ctx.worker(), shard.worker(), "worker runs next to its own shard");
            long round = blocks.key(0);
            if (round == failInRound && ctx.worker() == ctx.workers() - 1) {
                throw new IllegalStateException("probe failure in round " + round);
            }
            long last = seen.applied.isEmpty() ? 0 : seen.applied.get(seen.applied.size() - 1);
            long sum = 0;
            for (long v : shard.data()) {
                sum += v;
            }
            return Batch.of(new long[] {round}, new double[] {last, sum, ctx.worker()}, 3);
        }

        @Override
        public void onCommit(Batch commit, WorkerContext ctx) {
            ctx.local("seen", Seen::new).applied.add(commit.key(0));
        }
    }

    /** The probe's coordinator state: what the schedule saw and what the aggregate found wrong. */
    static final class ProbeState implements Serializable {
        final List<Integer> inFlightSizes = new ArrayList<>();
        final Map<Long, Long> carried = new java.util.HashMap<>();
        final List<String> violations = new ArrayList<>();
        long observed;
        long onCoordinator;
    }

    /**
     * One block per round, keyed by the round number; notes how many commits each dispatch carries.
     * Every {@code onCoordinatorEvery}-th round (0: none) runs on the coordinator alone.
     */
    static final class ProbeSchedule implements SchedulePlugin {
        final long rounds;
        final int onCoordinatorEvery;

        ProbeSchedule(long rounds) {
            this(rounds, 0);
        }

        ProbeSchedule(long rounds, int onCoordinatorEvery) {
            this.rounds = rounds;
            this.onCoordinatorEvery = onCoordinatorEvery;
        }

        @Override
        public Assignment next(ScheduleContext ctx) {
            ProbeState st = ctx.state(ProbeState.class);
            st.inFlightSizes.add(ctx.inFlight().size());
            st.carried.put(ctx.round(), st.observed);
            if (ctx.round() > rounds) {
                return Assignment.shared(Batch.empty());
            }
            boolean alone = onCoordinatorEvery > 0 && ctx.round() % onCoordinatorEvery == 0;
            return alone ? Assignment.onCoordinator(Batch.keys(ctx.round())) : Assignment.shared(Batch.keys(ctx.round()));
        }

        @Override
        public void observe(Batch commit, CoordinatorContext ctx) {
            ctx.state(ProbeState.class).observed++;
        }
    }

    /** Checks the staleness bound on each partial and commits the round number. */
    static final class ProbeAggregate implements AggregatePlugin {
        final int staleness;

        ProbeAggregate(int staleness) {
            this.staleness = staleness;
        }

        @Override
        public Batch aggregate(Assignment a, List<Batch> partials, CoordinatorContext ctx) {
            ProbeState st = ctx.state(ProbeState.class);
            List<String> violations = st.violations;
            ParamStore<?> params = ctx.params();
            long round = a.shared().key(0);
            if (a.isOnCoordinator()) {
                st.onCoordinator++;
                if (!partials.isEmpty()) {
                    violations.add("round " + round + " ran on the coordinator alone but got " + partials.size()
                            + " partials");
                }
            } else if (partials.size() != ctx.workers()) {
                violations.add("round " + round + " got " + partials.size() + " partials");
            }
            for (int w = 0; w < partials.size(); w++) {
                Batch p = partials.get(w);
                if (p.value(0, 2) != w) {
                    violations.add("partial " + w + " came from worker " + p.value(0, 2));
                }
                long last = (long) p.value(0, 0);
                if (last < round - 1 - staleness || last > round - 1) {
                    violations.add("round " + round + " worker " + w + " had applied up to " + last);
                }
                if (last != st.carried.get(round)) {
                    violations.add("round " + round + " worker " + w + " saw " + last + " commits, its dispatch carried "
                            + st.carried.get(round));
                }
            }
            @SuppressWarnings("unchecked")
            ParamStore<Long> store = (ParamStore<Long>) params;
            store.put(round, round * 10);
            return Batch.of(new long[] {round}, new double[] {0}, 1);
        }
    }

    /** Partial: [number of commits applied, applied in order 1..k ? 1 : 0, shard sum]. */
    static final class ProbeEvaluate implements EvaluatePlugin {
        @Override
        public double[] partial(WorkerContext ctx) {
            Seen seen = ctx.local("seen", Seen::new);
            boolean inOrder = true;
            for (int i = 0; i < seen.applied.size(); i++) {
                inOrder &= seen.applied.get(i) == i + 1;
            }
            long sum = 0;
            for (long v : ctx.shard(ProbeShard.class).data()) {
                sum += v;
            }
            return new double[] {seen.applied.size(), inOrder ? 1 : 0, sum};
        }

        @Override
        public Evaluation combine(long round, double[][] partials, CoordinatorContext ctx) {
            ParamStore<?> params = ctx.params();
            double total = 0;
            boolean ok = true;
            for (double[] p : partials) {
                ok &= p[0] == round && p[1] == 1;
                total += p[2];
            }
            Object stored = round == 0 ? 0L : params.get(round);
            boolean entries = true;
            for (Map.Entry<Long, ?> e : params.entries().entrySet()) {
                entries &= e.getKey() >= 1 && e.getKey() <= round && e.getValue().equals(e.getKey() * 10);
            }
            entries &= params.entries().size() == round;
            return new Evaluation(total, Map.of("allApplied", ok ? 1.0 : 0.0,
                    "stored", stored == null ? -1.0 : ((Long) stored).doubleValue(),
                    "entries", entries ? 1.0 : 0.0), false);
        }
    }

    static final class NoResults implements ResultWriter {
        @Override
        public Map<String, Object> summarize(JobResult result, CoordinatorContext ctx) {
            // the end wrote every pending value: the cache itself now holds one entry per round
            return Map.of("probe", true, "storedEntries", ctx.params().entries().size());
        }

        @Override
        public void writeModel(JobResult result, CoordinatorContext ctx, Path dir) throws java.io.IOException {
            Files.writeString(dir.resolve("model.txt"), "probe\n");
        }
    }

    private static Job probeJob(int nodes, long rounds, long maxRounds, int staleness, int evalEvery, long failIn,
                                ProbeState state) {
        return probeJob(nodes, rounds, maxRounds, staleness, evalEvery, failIn, 0, state);
    }

    private static Job probeJob(int nodes, long rounds, long maxRounds, int staleness, int evalEvery, long failIn,
                                int onCoordinatorEvery, ProbeState state) {
        JobSpec spec = new JobSpec("probe", JobSpec.MODEL_PARALLEL, nodes, 1, maxRounds, 0, staleness, evalEvery, null);
        ProbeSchedule schedule = new ProbeSchedule(rounds, onCoordinatorEvery);
        ProbeAggregate aggregate = new ProbeAggregate(staleness);
        List<ProbeShard> shards = new ArrayList<>();
        for (int w = 0; w < nodes; w++) {
            shards.add(new ProbeShard(w, new long[] {w + 1, 100}));
        }
        return Job.builder(spec).shards(shards).state(state).schedule(schedule).update(new ProbeUpdate(failIn))
                .aggregate(aggregate).evaluate(new ProbeEvaluate()).results(new NoResults()).build();
    }

    @Test
    void commitsRideOnTheNextDispatchInOrderOnEveryNodeCount(@TempDir Path out) throws Exception {
        for (EmbeddedCluster cluster : List.of(one, three)) {
            int n = cluster.nodes().size();
            ProbeState state = new ProbeState();
            Path dir = out.resolve("n" + n);
            JobRunner.Run run = JobRunner.run(cluster, probeJob(n, 1000, 25, 0, 5, -1, state), RunListener.none(), dir);
            JobResult r = run.result();
            assertEquals(List.of(), state.violations);
            assertEquals(25, r.rounds());
            assertEquals("max-rounds", r.stopReason());
            assertEquals(5, r.metrics().size(), "an evaluation every 5 rounds");
            for (Map<String, Object> row : r.metrics()) {
                assertEquals(1.0, ((Number) row.get("allApplied")).doubleValue(), "every commit applied once, in order, on every worker");
                assertEquals(((Long) row.get("round")) * 10.0, ((Number) row.get("stored")).doubleValue(),
                        "aggregate writes reach the cache");
                assertEquals(1.0, ((Number) row.get("entries")).doubleValue(),
                        "entries() lists exactly what was written, pending or in the cache");
            }
            long expectedSum = 0;
            for (int w = 0; w < n; w++) {
                expectedSum += w + 1 + 100;
            }
            assertEquals(expectedSum, r.last().objective(), 0.0, "each worker read its own shard");
            assertEquals(n, ((List<?>) r.provenance().get("workerNodes")).size());
            assertTrue(Files.exists(dir.resolve("summary.json")) && Files.exists(dir.resolve("metrics.jsonl"))
                    && Files.exists(dir.resolve("model.txt")));
            Map<?, ?> summary = Json.mapper().readValue(dir.resolve("summary.json").toFile(), Map.class);
            assertEquals(n, summary.get("nodes"));
            assertEquals(true, summary.get("probe"));
            assertEquals(25, summary.get("storedEntries"), "every write is in the cache at the end");
            assertNotNull(((Map<?, ?>) summary.get("provenance")).get("versions"));
            assertEquals(5, Files.readAllLines(dir.resolve("metrics.jsonl")).size());
        }
    }

    @Test
    void stalenessBoundsTheRoundsInFlight() {
        for (int s : new int[] {1, 3, 6}) {
            ProbeState state = new ProbeState();
            JobResult r = JobRunner.run(three, probeJob(3, 1000, 200, s, 50, -1, state), RunListener.none(), null).result();
            assertEquals(List.of(), state.violations,
                    "partials computed within the staleness bound, seeing exactly the commits their dispatch carried");
            assertEquals(200, r.rounds());
            assertTrue(state.inFlightSizes.stream().allMatch(k -> k <= s), "at most s rounds in flight when planning");
            assertTrue(state.inFlightSizes.stream().anyMatch(k -> k == s), "pipelining actually happens");
            for (Map<String, Object> row : r.metrics()) {
                assertEquals(1.0, ((Number) row.get("allApplied")).doubleValue());
            }
        }
    }

    @Test
    void roundsOnTheCoordinatorAloneAreNeverSentAndTheirCommitsRideOnTheNextDispatch() {
        for (EmbeddedCluster cluster : List.of(one, three)) {
            int n = cluster.nodes().size();
            for (int s : new int[] {0, 2}) {
                for (int every : new int[] {3, 1}) {
                    ProbeState state = new ProbeState();
                    JobResult r = JobRunner.run(cluster, probeJob(n, 1000, 60, s, 7, -1, every, state),
                            RunListener.none(), null).result();
                    String what = n + " nodes, staleness " + s + ", every " + every + ": ";
                    assertEquals(List.of(), state.violations, what + "no partials for rounds on the coordinator,"
                            + " and every dispatched round saw exactly the commits it carried");
                    assertEquals(60, r.rounds(), what);
                    assertEquals(60 / every, state.onCoordinator, what);
                    for (Map<String, Object> row : r.metrics()) {
                        assertEquals(1.0, ((Number) row.get("allApplied")).doubleValue(),
                                what + "every commit, also of rounds on the coordinator, applied once and in order");
                    }
                }
            }
        }
    }

    /**
     * Notes the thread each worker's partial ran on, and fails (when told) the partial that runs on
     * the thread named {@code failOn}. Its evaluation says whether the partials came in worker order.
     */
    static final class ThreadProbeEvaluate implements EvaluatePlugin {
        static final Map<Integer, String> THREADS = new java.util.concurrent.ConcurrentHashMap<>();
        private final String failOn;

        ThreadProbeEvaluate(String failOn) {
            this.failOn = failOn;
        }

        @Override
        public double[] partial(WorkerContext ctx) {
            String thread = Thread.currentThread().getName();
            THREADS.put(ctx.worker(), thread);
            if (thread.equals(failOn)) {
                throw new IllegalStateException("probe evaluation failure on worker " + ctx.worker());
            }
            return new double[] {ctx.worker()};
        }

        @Override
        public Evaluation combine(long round, double[][] partials, CoordinatorContext ctx) {
            boolean inOrder = partials.length == ctx.workers();
            for (int w = 0; w < partials.length; w++) {
                inOrder &= partials[w][0] == w;
            }
            return new Evaluation(round, Map.of("inOrder", inOrder ? 1.0 : 0.0), false);
        }
    }

    private static Job threadProbeJob(int nodes, String failOn) {
        JobSpec spec = new JobSpec("probe", JobSpec.MODEL_PARALLEL, nodes, 1, 6, 0, 0, 2, null);
        List<ProbeShard> shards = new ArrayList<>();
        for (int w = 0; w < nodes; w++) {
            shards.add(new ProbeShard(w, new long[] {w + 1}));
        }
        return Job.builder(spec).shards(shards).state(new ProbeState()).schedule(new ProbeSchedule(6))
                .update(new ProbeUpdate(-1)).aggregate(new ProbeAggregate(0)).evaluate(new ThreadProbeEvaluate(failOn))
                .results(new NoResults()).build();
    }

    @Test
    void theWorkerOnTheCoordinatorsNodeEvaluatesInTheCoordinatorsThread() {
        String coordinator = Thread.currentThread().getName();
        for (EmbeddedCluster cluster : List.of(one, three)) {
            int nodes = cluster == one ? 1 : 3;
            ThreadProbeEvaluate.THREADS.clear();
            JobResult r = JobRunner.run(cluster, threadProbeJob(nodes, null), RunListener.none(), null).result();
            assertEquals(3, r.metrics().size(), "evaluations at rounds 2, 4 and 6");
            for (Map<String, Object> row : r.metrics()) {
                assertEquals(1.0, ((Number) row.get("inOrder")).doubleValue(), "partials in worker order: " + row);
            }
            assertEquals(nodes, ThreadProbeEvaluate.THREADS.size());
            long here = ThreadProbeEvaluate.THREADS.values().stream().filter(coordinator::equals).count();
            assertEquals(1, here, "one worker (the one on the coordinator's node) in the coordinator's thread: "
                    + ThreadProbeEvaluate.THREADS);
        }
    }

    @Test
    void anEvaluationFailingInTheCoordinatorsThreadNamesTheWorker() {
        String coordinator = Thread.currentThread().getName();
        ThreadProbeEvaluate.THREADS.clear();
        WorkerFailedException e = assertThrows(WorkerFailedException.class, () -> JobRunner.run(three,
                threadProbeJob(3, coordinator), RunListener.none(), null));
        int local = ThreadProbeEvaluate.THREADS.entrySet().stream().filter(t -> t.getValue().equals(coordinator))
                .findFirst().orElseThrow().getKey();
        assertTrue(e.getMessage().contains("worker " + local + " failed in evaluate")
                && e.getMessage().contains("probe evaluation failure on worker " + local), e.getMessage());
        JobResult r = JobRunner.run(three, threadProbeJob(3, null), RunListener.none(), null).result();
        assertEquals(6, r.rounds(), "the cluster is still usable");
    }

    @Test
    void anEmptyScheduleEndsTheJob() {
        JobResult r = JobRunner.run(one, probeJob(1, 7, 1000, 0, 100, -1, new ProbeState()),
                RunListener.none(), null).result();
        assertEquals(7, r.rounds());
        assertEquals("schedule-empty", r.stopReason());
        assertEquals(1, r.metrics().size(), "a final evaluation");
    }

    @Test
    void aWorkerFailureStopsTheJobNamingTheWorkerAndRound(@TempDir Path out) {
        WorkerFailedException e = assertThrows(WorkerFailedException.class, () -> JobRunner.run(three,
                probeJob(3, 100, 100, 0, 10, 4, new ProbeState()), RunListener.none(),
                out.resolve("failed")));
        assertTrue(e.getMessage().contains("worker 2") && e.getMessage().contains("round 4")
                && e.getMessage().contains("probe failure"), e.getMessage());
        assertTrue(!Files.exists(out.resolve("failed")), "no output left behind");
        // The cluster is still usable after a failed job.
        JobResult r = JobRunner.run(three, probeJob(3, 5, 100, 0, 10, -1, new ProbeState()),
                RunListener.none(), null).result();
        assertEquals(5, r.rounds());
    }
}

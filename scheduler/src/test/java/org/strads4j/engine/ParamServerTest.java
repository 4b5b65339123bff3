package org.strads4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.strads4j.api.Batch;
import org.strads4j.api.CoordinatorContext;
import org.strads4j.api.Evaluation;
import org.strads4j.api.EvaluatePlugin;
import org.strads4j.api.Job;
import org.strads4j.api.JobResult;
import org.strads4j.api.JobSpec;
import org.strads4j.api.ParamStore;
import org.strads4j.api.UpdatePlugin;
import org.strads4j.api.WorkerContext;
import org.strads4j.cluster.EmbeddedCluster;

/**
 * The param-server schedule on a real 3-node cluster: the SSP bound holds with a deliberately slow
 * worker (and is reached, so the check can fail), pushes from concurrent workers are never lost,
 * and staleness 0 gives exactly the bulk-synchronous sequence.
 */
class ParamServerTest {
    private static final int NODES = 3;
    /** Keys 1000 + w: the clocks worker w has finished (pushed +1 at the end of each). */
    private static final long CLOCKS = 1000;
    private static EmbeddedCluster cluster;

    @BeforeAll
    static void start() {
        cluster = EmbeddedCluster.start(NODES);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static JobResult run(JobSpec spec, UpdatePlugin update, EvaluatePlugin evaluate) {
        List<EngineProtocolTest.ProbeShard> shards = new ArrayList<>();
        for (int w = 0; w < spec.nodes(); w++) {
            shards.add(new EngineProtocolTest.ProbeShard(w, new long[] {w}));
        }
        Job job = Job.builder(spec).shards(shards).state(new EngineProtocolTest.ProbeState())
                .schedule(new EngineProtocolTest.ProbeSchedule(spec.maxRounds())).update(update)
                .aggregate(new EngineProtocolTest.ProbeAggregate(0)).evaluate(evaluate)
                .results(new EngineProtocolTest.NoResults()).build();
        return JobRunner.run(cluster, job, RunListener.none(), null).result();
    }

    private static JobSpec spec(int staleness, long clocks) {
        return new JobSpec("ps-probe", JobSpec.PARAM_SERVER, NODES, 7, clocks, 0, staleness, 20, null);
    }

    /** What a worker saw of the others' clocks: violations of the bound, and its largest lead. */
    static final class Lead implements java.io.Serializable {
        long violations;
        long maxLead;
    }

    /** Worker 1 is slow; each clock reads every worker's finished clocks and checks the SSP bound. */
    static final class ClockUpdate implements UpdatePlugin {
        private final int staleness;

        ClockUpdate(int staleness) {
            this.staleness = staleness;
        }

        @Override
        public Batch update(Batch blocks, WorkerContext ctx) {
            Lead lead = ctx.local("lead", Lead::new);
            long c = ctx.clock();
            long[] keys = new long[ctx.workers()];
            for (int w = 0; w < keys.length; w++) {
                keys[w] = CLOCKS + w;
            }
            ParamStore<Double> store = ctx.params();
            Map<Long, Double> done = store.pull(keys);
            long slowest = Long.MAX_VALUE;
            for (long k : keys) {
                slowest = Math.min(slowest, done.getOrDefault(k, 0.0).longValue());
            }
            // clock c may start once every worker finished c - 1 - staleness
            if (slowest < c - 1 - staleness) {
                lead.violations++;
            }
            lead.maxLead = Math.max(lead.maxLead, c - 1 - slowest);
            if (ctx.worker() == 1) {
                try {
                    Thread.sleep(15);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            store.push(Map.of(CLOCKS + ctx.worker(), 1.0));
            return Batch.keys(ctx.worker());
        }

        @Override
        public void onCommit(Batch commit, WorkerContext ctx) {
            throw new AssertionError("no commits under param-server");
        }
    }

    static final class LeadEvaluate implements EvaluatePlugin {
        @Override
        public double[] partial(WorkerContext ctx) {
            Lead lead = ctx.local("lead", Lead::new);
            return new double[] {lead.violations, lead.maxLead};
        }

        @Override
        public Evaluation combine(long round, double[][] partials, CoordinatorContext ctx) {
            double violations = 0;
            double lead = 0;
            for (double[] p : partials) {
                violations += p[0];
                lead = Math.max(lead, p[1]);
            }
            return new Evaluation(violations, Map.of("violations", violations, "maxLead", lead), false);
        }
    }

    @ParameterizedTest(name = "staleness {0}")
    @CsvSource({"0", "2", "5"})
    void aSlowWorkerHoldsTheOthersToTheBound(int staleness) {
        JobResult r = run(spec(staleness, 60), new ClockUpdate(staleness), new LeadEvaluate());
        assertEquals(60, r.rounds());
        assertEquals(0.0, r.last().metric("violations"), "no worker ever started a clock the bound forbids");
        // the fast workers ran ahead as far as allowed: the check above could have failed
        assertEquals(staleness, r.last().metric("maxLead"), 0.0);
        assertEquals(60L * NODES, r.updates(), "every worker ran every clock");
    }

    /** Pushes random deltas into shared keys; keeps the sum of what it pushed. */
    static final class AddUpdate implements UpdatePlugin {
        @Override
        public Batch update(Batch blocks, WorkerContext ctx) {
            double[] mine = ctx.local("pushed", () -> new double[8]);
            SplittableRandom random = new SplittableRandom(ctx.roundSeed());
            Map<Long, Object> deltas = new HashMap<>();
            double[] vector = new double[4];
            for (int i = 0; i < 4; i++) {
                vector[i] = random.nextDouble() - 0.5;
                mine[i] += vector[i];
            }
            deltas.put(0L, vector);
            for (int k = 1; k <= 4; k++) {
                double d = random.nextInt(1000) / 8.0;   // exact in binary: sums do not depend on order
                mine[3 + k] += d;
                deltas.put((long) k, d);
            }
            ParamStore<Object> store = ctx.params();
            store.push(deltas);
            store.push(Map.of(0L, vector.clone()));   // twice in one clock: buffered pushes add up
            for (int i = 0; i < 4; i++) {
                mine[i] += vector[i];
            }
            return Batch.keys(0, 1, 2, 3, 4);
        }

        @Override
        public void onCommit(Batch commit, WorkerContext ctx) {
            throw new AssertionError("no commits under param-server");
        }
    }

    static final class SumEvaluate implements EvaluatePlugin {
        @Override
        public double[] partial(WorkerContext ctx) {
            return ctx.local("pushed", () -> new double[8]).clone();
        }

        @Override
        public Evaluation combine(long round, double[][] partials, CoordinatorContext ctx) {
            double[] pushed = new double[8];
            for (double[] p : partials) {
                for (int i = 0; i < 8; i++) {
                    pushed[i] += p[i];
                }
            }
            ParamStore<Object> store = ctx.params();
            Map<Long, Object> stored = store.getAll(new long[] {0, 1, 2, 3, 4});
            double[] vector = (double[]) stored.get(0L);
            double worst = 0;
            for (int i = 0; i < 4; i++) {
                worst = Math.max(worst, Math.abs(vector[i] - pushed[i]));
            }
            double scalarsOff = 0;
            for (int k = 1; k <= 4; k++) {
                scalarsOff += Math.abs((Double) stored.get((long) k) - pushed[3 + k]);
            }
            return new Evaluation(0, Map.of("vectorError", worst, "scalarError", scalarsOff), false);
        }
    }

    @ParameterizedTest(name = "staleness {0}")
    @CsvSource({"0", "3", "2147483647"})
    void concurrentPushesAreNeverLost(int staleness) {
        JobResult r = run(spec(staleness, 100), new AddUpdate(), new SumEvaluate());
        assertEquals(100, r.rounds());
        assertEquals(0.0, r.last().metric("scalarError"), "every scalar push counted, exactly");
        assertTrue(r.last().metric("vectorError") < 1e-9, "every vector push counted: " + r.last().metric("vectorError"));
    }

    /** x (key 0) moves by sum_w a_w (1 - x) per clock, each worker adding its share from its own pull. */
    static final class StepUpdate implements UpdatePlugin {
        static double share(int w) {
            return 0.05 * (w + 1);
        }

        @Override
        public Batch update(Batch blocks, WorkerContext ctx) {
            ParamStore<Double> store = ctx.params();
            if (ctx.worker() == 0) {
                try {
                    Thread.sleep(3); // the others push before this pull, were they allowed to
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            double x = store.pull(new long[] {0}).getOrDefault(0L, 0.0);
            store.push(Map.of(0L, share(ctx.worker()) * (1 - x)));
            return Batch.keys(0);
        }

        @Override
        public void onCommit(Batch commit, WorkerContext ctx) {
            throw new AssertionError("no commits under param-server");
        }
    }

    static final class ValueEvaluate implements EvaluatePlugin {
        @Override
        public double[] partial(WorkerContext ctx) {
            return new double[0];
        }

        @Override
        public Evaluation combine(long round, double[][] partials, CoordinatorContext ctx) {
            ParamStore<Double> store = ctx.params();
            return new Evaluation(store.getAll(new long[] {0}).getOrDefault(0L, 0.0), Map.of(), false);
        }
    }

    @Test
    void stalenessZeroIsBulkSynchronous() {
        long clocks = 30;
        double x = 0;
        for (int c = 0; c < clocks; c++) {
            double step = 0;
            for (int w = 0; w < NODES; w++) {
                step += StepUpdate.share(w) * (1 - x);
            }
            x += step;
        }
        JobResult r = run(spec(0, clocks), new StepUpdate(), new ValueEvaluate());
        assertEquals(x, r.last().objective(), 1e-12, "every pull of clock c saw exactly the pushes of clocks before c");
    }
}

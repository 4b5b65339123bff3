package org.strads4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.strads4j.api.Batch;
import org.strads4j.api.CoordinatorContext;
import org.strads4j.api.Evaluation;
import org.strads4j.api.EvaluatePlugin;
import org.strads4j.api.Job;
import org.strads4j.api.JobResult;
import org.strads4j.api.JobSpec;
import org.strads4j.api.UpdatePlugin;
import org.strads4j.api.WorkerContext;
import org.strads4j.cluster.EmbeddedCluster;

/**
 * Messages between workers ({@link WorkerContext#send}, {@link WorkerContext#receive}): a token
 * passed around the ring of workers every round arrives at the right worker with the right
 * content, pipelined rounds included (a worker may get the next round's token before it asks); a
 * recovery's new install never sees the lost timeline's messages.
 */
class WorkerMessagesTest {
    /** What a worker saw: messages taken, and what was wrong with them. */
    static final class Log {
        final List<String> errors = new ArrayList<>();
        long received;
    }

    /** Sends its token to the next worker and takes the previous worker's. */
    static final class RingUpdate implements UpdatePlugin {
        @Override
        public Batch update(Batch blocks, WorkerContext ctx) {
            Log log = ctx.local("ring", Log::new);
            long round = ctx.round();
            int w = ctx.worker();
            int n = ctx.workers();
            ctx.send((w + 1) % n, round, new long[] {round, w, round * 1000 + w});
            long[] token = ctx.receive(round);
            int from = (w + n - 1) % n;
            log.received++;
            if (token[0] != round || token[1] != from || token[2] != round * 1000 + from) {
                log.errors.add("round " + round + ": worker " + w + " got " + java.util.Arrays.toString(token));
            }
            return Batch.of(new long[] {round}, new double[] {round - 1, 0, w}, 3);
        }

        @Override
        public void onCommit(Batch commit, WorkerContext ctx) {
            // nothing to apply: the ring needs no parameters
        }
    }

    /** Partial: [errors, tokens received]; the first error is printed. */
    static final class RingEvaluate implements EvaluatePlugin {
        @Override
        public double[] partial(WorkerContext ctx) {
            Log log = ctx.local("ring", Log::new);
            if (!log.errors.isEmpty()) {
                System.err.println("worker " + ctx.worker() + ": " + log.errors.get(0));
            }
            return new double[] {log.errors.size(), log.received};
        }

        @Override
        public Evaluation combine(long round, double[][] partials, CoordinatorContext ctx) {
            double errors = 0;
            double received = 0;
            for (double[] p : partials) {
                errors += p[0];
                received += p[1];
            }
            return new Evaluation(errors, Map.of("errors", errors, "received", received), false);
        }
    }

    @ParameterizedTest(name = "{0} nodes, staleness {1}")
    @CsvSource({"1, 0", "3, 0", "3, 2"})
    void tokensGoRoundTheRing(int nodes, int staleness) {
        long rounds = 40;
        JobSpec spec = new JobSpec("probe", JobSpec.MODEL_PARALLEL, nodes, 1, rounds, 0, staleness, 10, null);
        List<EngineProtocolTest.ProbeShard> shards = new ArrayList<>();
        for (int w = 0; w < nodes; w++) {
            shards.add(new EngineProtocolTest.ProbeShard(w, new long[] {w}));
        }
        Job job = Job.builder(spec).shards(shards).state(new EngineProtocolTest.ProbeState())
                .schedule(new EngineProtocolTest.ProbeSchedule(rounds)).update(new RingUpdate())
                .aggregate(new EngineProtocolTest.ProbeAggregate(staleness)).evaluate(new RingEvaluate())
                .results(new EngineProtocolTest.NoResults()).build();
        try (EmbeddedCluster cluster = EmbeddedCluster.start(nodes)) {
            JobResult r = JobRunner.run(cluster, job, RunListener.none(), null).result();
            assertEquals(0.0, r.last().metric("errors"));
            assertEquals(rounds * nodes, r.last().metric("received"));
            assertEquals(rounds, r.rounds());
        }
    }

    @org.junit.jupiter.api.Test
    void aMailboxDropsMessagesOfAnEarlierInstall() throws InterruptedException {
        try (EmbeddedCluster cluster = EmbeddedCluster.start(1)) {
            Mailbox box = Mailbox.of(cluster.coordinator(), "job-x", 1);
            box.send(cluster.coordinator().cluster().localNode(), 0, 1, 7, "old");
            Mailbox.of(cluster.coordinator(), "job-x", 2);
            assertNull(box.take(0, 1, 7, 10, () -> true), "a recovery's new install drops the lost timeline's messages");
            box.send(cluster.coordinator().cluster().localNode(), 0, 1, 8, "late");
            assertNull(box.take(0, 1, 8, 10, () -> true), "and those still arriving from it");
            box.send(cluster.coordinator().cluster().localNode(), 0, 2, 8, "new");
            assertEquals("new", box.take(0, 2, 8, 1000, () -> true));
            assertNull(box.take(0, 2, 9, 50, () -> true), "nothing came: null after the wait");
            Mailbox.drop(cluster.coordinator(), "job-x");
        }
    }
}

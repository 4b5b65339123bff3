package org.strads4j.apps.mf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.strads4j.api.Evaluation;
import org.strads4j.api.JobSpec;
import org.strads4j.cluster.EmbeddedCluster;
import org.strads4j.engine.JobRunner;
import org.strads4j.engine.RunListener;

/** Exactly low-rank ratings are recovered at their true rank with a tiny lambda. */
class MfLowRankTest {
    static final SyntheticRatings EXACT = new SyntheticRatings(150, 200, 3, 0.3, 0.0, 0.0, 7L);

    static JobSpec spec(MfOptions o, int nodes) {
        return JobSpec.defaults("mf").withNodes(nodes).withTolerance(0)
                .withMaxRounds(o.iterations() * o.roundsPerIteration())
                .withEvalEvery((int) o.roundsPerIteration()).withParams(o.toParams());
    }

    @Test
    void exactLowRankDataIsRecoveredOnTwoNodes() {
        Ratings[] split = EXACT.generate(0.1);
        MfData data = MfData.of(split[0], split[1]);
        MfOptions o = new MfOptions(null, null, 3, 1e-6, Regularizer.PLAIN, 30, 5);
        JobRunner.Run run;
        try (EmbeddedCluster cluster = EmbeddedCluster.start(2)) {
            run = JobRunner.run(cluster, MfApp.plan(spec(o, 2), o, data, EXACT.describe()), RunListener.none(), null);
        }
        Evaluation last = run.result().last();
        assertTrue(last.metric("trainRmse") < 1e-3, "train RMSE " + last.metric("trainRmse"));
        // held-out ratings of an exactly low-rank matrix are predicted too
        assertTrue(last.metric("testRmse") < 1e-2, "test RMSE " + last.metric("testRmse"));
        // and the worker-free in-process run of the same plugins agrees
        Evaluation local = new InProcessRun(MfApp.plan(spec(o, 2), o, data, "")).run().last();
        assertEquals(last.objective(), local.objective(), 1e-9 * Math.max(1e-12, local.objective()));
    }

    @Test
    void stalenessOneStillFitsAndKeepsTheResidualsConsistent() {
        Ratings[] split = EXACT.generate(0.1);
        MfData data = MfData.of(split[0], split[1]);
        MfOptions o = new MfOptions(null, null, 3, 1e-6, Regularizer.PLAIN, 30, 5);
        JobRunner.Run run;
        try (EmbeddedCluster cluster = EmbeddedCluster.start(2)) {
            run = JobRunner.run(cluster, MfApp.plan(spec(o, 2).withStaleness(1), o, data, ""), RunListener.none(), null);
        }
        // stale rounds (a v_t update that has not seen the u_t of the round before) are slower,
        // but commits of other features are applied to the residuals exactly, so it still fits
        double rmse = run.result().last().metric("trainRmse");
        assertTrue(rmse < 0.05, "train RMSE with staleness 1: " + rmse);
    }

    @Test
    void moreWorkersThanUsersGiveTheSameFactors() {
        Ratings[] split = new SyntheticRatings(5, 40, 2, 0.5, 3.0, 0.2, 11L).generate(0.2);
        MfData data = MfData.of(split[0], split[1]);
        MfOptions o = new MfOptions(null, null, 3, 0.1, Regularizer.WEIGHTED, 5, 2);
        InProcessRun one = new InProcessRun(MfApp.plan(spec(o, 1), o, data, "")).run();
        InProcessRun eight = new InProcessRun(MfApp.plan(spec(o, 8), o, data, "")).run();
        assertEquals(one.store.keySet(), eight.store.keySet());
        for (Long key : one.store.keySet()) {
            org.junit.jupiter.api.Assertions.assertArrayEquals((double[]) one.store.get(key),
                    (double[]) eight.store.get(key), 0.0, "column " + key);
        }
        assertEquals(one.last().objective(), eight.last().objective(), 1e-9 * one.last().objective());
    }

    @Test
    void theObjectiveNeverIncreases() {
        Ratings[] split = new SyntheticRatings(100, 120, 4, 0.2, 3.0, 0.3, 3L).generate(0.2);
        MfData data = MfData.of(split[0], split[1]);
        for (Regularizer reg : Regularizer.values()) {
            MfOptions o = new MfOptions(null, null, 6, 0.05, reg, 10, 2);
            InProcessRun run = new InProcessRun(MfApp.plan(spec(o, 3), o, data, "")).run();
            double prev = Double.POSITIVE_INFINITY;
            for (Evaluation e : run.evaluations) {
                assertTrue(e.objective() <= prev * (1 + 1e-12), reg + ": objective rose to " + e.objective());
                prev = e.objective();
            }
        }
    }
}

package org.strads4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.strads4j.api.JobSpec;
import org.strads4j.apps.lasso.LassoApp;
import org.strads4j.apps.lasso.LassoReference;
import org.strads4j.cluster.EmbeddedCluster;
import org.strads4j.engine.JobRunner;
import org.strads4j.engine.RunListener;
import org.strads4j.testing.SharedData;

/**
 * The answer does not depend on the number of Ignite nodes the rows are sharded over: with a fixed
 * schedule (round-robin) and a fixed number of rounds, 1 and 3 nodes give the same objective to 1e-9
 * (only the order of the partial sums differs); with the priority schedule both converge to the
 * reference optimum with the same support.
 */
class LassoNodeCountTest {
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

    private static Map<String, Object> run(EmbeddedCluster c, int nodes, String dataset, double ratio, String scheduler,
                                           long rounds, double tolerance) {
        return run(c, nodes, dataset, ratio, scheduler, rounds, tolerance, 0);
    }

    private static Map<String, Object> run(EmbeddedCluster c, int nodes, String dataset, double ratio, String scheduler,
                                           long rounds, double tolerance, int staleness) {
        Path file = SharedData.data("lasso/" + dataset + ".svm");
        JobSpec spec = JobSpec.defaults("lasso").withNodes(nodes).withMaxRounds(rounds).withTolerance(tolerance)
                .withStaleness(staleness)
                .withParams(Map.of("data", file.toString(), "lambdaRatio", ratio, "scheduler", scheduler));
        return JobRunner.run(c, new LassoApp().plan(spec), RunListener.none(), null).summary();
    }

    @ParameterizedTest(name = "{0} at {1}, fixed schedule")
    @CsvSource({"finefoods_train, 0.1", "meats_fat, 0.01", "diabetes, 0.01"})
    void fixedScheduleGivesTheSameObjectiveOnOneAndThreeNodes(String dataset, double ratio) {
        Map<String, Object> a = run(one, 1, dataset, ratio, "round-robin", 300, 0);
        Map<String, Object> b = run(three, 3, dataset, ratio, "round-robin", 300, 0);
        assertEquals(300L, ((Number) a.get("rounds")).longValue());
        assertEquals(a.get("rounds"), b.get("rounds"));
        assertEquals(a.get("updates"), b.get("updates"));
        double oa = (Double) a.get("objective");
        double ob = (Double) b.get("objective");
        assertEquals(oa, ob, 1e-9 * Math.abs(oa), "objective on 1 vs 3 nodes");
        assertEquals(a.get("nnz"), b.get("nnz"));
    }

    @ParameterizedTest(name = "{0} at {1}, priority schedule")
    @CsvSource({"finefoods_train, 0.01", "meats_fat, 0.01"})
    void priorityScheduleReachesTheOptimumOnThreeNodes(String dataset, double ratio) {
        LassoReference ref = LassoReference.find(dataset, ratio).orElseThrow();
        Map<String, Object> a = run(one, 1, dataset, ratio, "priority", 200_000, 1e-9);
        Map<String, Object> b = run(three, 3, dataset, ratio, "priority", 200_000, 1e-9);
        for (Map<String, Object> s : new Map[] {a, b}) {
            double o = (Double) s.get("objective");
            assertTrue(Math.abs(o - ref.objective()) <= 1e-6 * ref.objective(), s.get("nodes") + " nodes: " + o);
            assertEquals(ref.nnz(), s.get("nnz"));
        }
        assertEquals((Double) a.get("objective"), (Double) b.get("objective"), 1e-9 * ref.objective());
    }

    @ParameterizedTest(name = "{0} at {1}, staleness {2}")
    @CsvSource({"finefoods_train, 0.01, 2", "meats_fat, 0.01, 3"})
    void pipelinedRoundsReachTheSameOptimum(String dataset, double ratio, int staleness) {
        LassoReference ref = LassoReference.find(dataset, ratio).orElseThrow();
        Map<String, Object> s = run(three, 3, dataset, ratio, "priority", 200_000, 1e-9, staleness);
        double o = (Double) s.get("objective");
        assertEquals("converged", s.get("stopReason"));
        assertTrue(Math.abs(o - ref.objective()) <= 1e-6 * ref.objective(), "staleness " + staleness + ": " + o);
        assertEquals(ref.nnz(), s.get("nnz"));
    }
}

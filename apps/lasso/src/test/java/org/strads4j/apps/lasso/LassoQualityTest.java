package org.strads4j.apps.lasso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.strads4j.api.JobSpec;
import org.strads4j.cluster.EmbeddedCluster;
import org.strads4j.engine.JobRunner;
import org.strads4j.engine.RunListener;
import org.strads4j.testing.SharedData;

/**
 * Every shared Lasso data set at 0.1 and 0.01 of lambda_max: the final objective is within 1e-6
 * (relative) of scikit-learn's tight optimum in shared/reference/RESULTS.md and the nonzero count
 * matches, on a real single-node Ignite cluster with the default (priority) schedule.
 */
class LassoQualityTest {
    private static EmbeddedCluster cluster;

    @BeforeAll
    static void start() {
        cluster = EmbeddedCluster.start(1);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    static Stream<Arguments> references() {
        return LassoReference.ALL.stream().map(r -> Arguments.of(r.dataset(), r.ratio(), r));
    }

    static JobRunner.Run solve(EmbeddedCluster c, String dataset, double ratio, String scheduler, int nodes, long seed) {
        Path file = SharedData.data("lasso/" + dataset + ".svm");
        JobSpec spec = JobSpec.defaults("lasso").withNodes(nodes).withSeed(seed).withMaxRounds(200_000)
                .withParams(Map.of("data", file.toString(), "lambdaRatio", ratio, "scheduler", scheduler));
        return JobRunner.run(c, new LassoApp().plan(spec), RunListener.none(), null);
    }

    @ParameterizedTest(name = "{0} at {1} lambda_max")
    @MethodSource("references")
    void reachesTheReferenceOptimumAndSupport(String dataset, double ratio, LassoReference ref) {
        JobRunner.Run run = solve(cluster, dataset, ratio, "priority", 1, 42);
        Map<String, Object> s = run.summary();
        double objective = (Double) s.get("objective");
        assertEquals("converged", s.get("stopReason"));
        assertTrue(Math.abs(objective - ref.objective()) <= 1e-6 * ref.objective(),
                dataset + ": objective " + objective + " vs optimum " + ref.objective());
        assertEquals(ref.nnz(), s.get("nnz"), dataset + ": nonzeros");
        assertTrue((Double) s.get("dualityGap") <= 1e-9 * objective * 1.0001, "stopped on the duality gap");
        assertEquals(ratio, (Double) s.get("lambdaRatio"), 1e-12);
    }

    /**
     * Gap Safe screening never drops a coordinate of the optimum's support: the optimum is this
     * run's (certified by the reference objective and nonzero count), screening is tried at
     * points on the way to it ({@code t b*}), where the gap is large, and at it, where screening
     * must drop every coordinate whose correlation with the residual is clearly below lambda.
     */
    @ParameterizedTest(name = "{0} at {1} lambda_max")
    @MethodSource("references")
    void screeningNeverDropsACoordinateOfTheOptimumsSupport(String dataset, double ratio, LassoReference ref,
                                                           @org.junit.jupiter.api.io.TempDir Path out) throws Exception {
        Path file = SharedData.data("lasso/" + dataset + ".svm");
        JobSpec spec = JobSpec.defaults("lasso").withMaxRounds(200_000)
                .withParams(Map.of("data", file.toString(), "lambdaRatio", ratio));
        JobRunner.Run run = JobRunner.run(cluster, new LassoApp().plan(spec), RunListener.none(), out.resolve("run"));
        assertEquals(ref.nnz(), run.summary().get("nnz"));
        LassoData data = LassoData.of(LassoApp.load(file).rows());
        int p = data.columns();
        int n = data.rows();
        double[] optimum = new double[p];
        for (String line : Files.readAllLines(out.resolve("run/coefficients.txt"))) {
            String[] f = line.split(" ");
            optimum[Integer.parseInt(f[0]) - 1] = Double.parseDouble(f[1]);
        }
        double lambda = (Double) run.summary().get("lambda");
        for (double t : new double[] {0, 0.5, 0.9, 0.99, 0.999, 1}) {
            LassoModel model = new LassoModel(p, n, lambda);
            for (int j = 0; j < p; j++) {
                model.b[j] = t * optimum[j];
            }
            double[] r = data.residual(model.b);
            double[] sum = new double[p + 2];
            for (int k = 0; k < n; k++) {
                sum[0] += r[k] * r[k];
                sum[1] += r[k] * data.y()[k];
            }
            int clearlyInactive = 0;
            for (int j = 0; j < p; j++) {
                sum[2 + j] = data.dot(j, r);
                if (optimum[j] == 0 && Math.abs(sum[2 + j]) / n < 0.9 * lambda) {
                    clearlyInactive++;
                }
            }
            double gap = LassoEvaluate.dualityGap(sum, n, lambda, model.l1());
            WorkingSets ws = new WorkingSets(p, LassoOptions.DEFAULT_ACTIVE_SET_MAX);
            int[] dropped = ws.screen(model, data, sum, 2, gap);
            for (int j : dropped) {
                assertEquals(0.0, optimum[j], dataset + ": t=" + t + " screened coordinate " + j + " of the support");
            }
            if (t == 1) {
                assertTrue(dropped.length >= clearlyInactive, dataset + ": at the optimum " + dropped.length
                        + " screened, but " + clearlyInactive + " are clearly inactive");
            }
        }
    }

    /**
     * A 21-lambda path on finefoods down to 0.01 lambda_max passes 0.1 lambda_max on the way: both
     * points, certified by their own duality gaps, match the references; path.jsonl has every
     * lambda, largest first, and coefficients.txt the last.
     */
    @org.junit.jupiter.api.Test
    void aPathCertifiesEveryLambdaAndMatchesTheReferencesOnTheWay(@org.junit.jupiter.api.io.TempDir Path out)
            throws Exception {
        Path file = SharedData.data("lasso/finefoods_train.svm");
        JobSpec spec = JobSpec.defaults("lasso").withMaxRounds(200_000)
                .withParams(Map.of("data", file.toString(), "lambdaRatio", 0.01, "path", 21));
        JobRunner.Run run = JobRunner.run(cluster, new LassoApp().plan(spec), RunListener.none(), out.resolve("run"));
        assertEquals("converged", run.summary().get("stopReason"));
        List<String> lines = Files.readAllLines(out.resolve("run/path.jsonl"));
        assertEquals(21, lines.size());
        double previous = Double.POSITIVE_INFINITY;
        for (String line : lines) {
            com.fasterxml.jackson.databind.JsonNode pt = org.strads4j.io.Json.mapper().readTree(line);
            double lambda = pt.get("lambda").asDouble();
            assertTrue(lambda < previous, "largest lambda first");
            previous = lambda;
            assertTrue(pt.get("dualityGap").asDouble() <= 1e-9 * pt.get("objective").asDouble() * 1.0001,
                    "certified at lambda " + lambda);
            assertEquals(pt.get("nnz").asInt(), pt.get("index").size());
            double ratio = pt.get("lambdaRatio").asDouble();
            for (double r : new double[] {0.1, 0.01}) {
                if (Math.abs(ratio - r) < 1e-9) {
                    LassoReference ref = LassoReference.find("finefoods_train", r).orElseThrow();
                    assertEquals(ref.objective(), pt.get("objective").asDouble(), 1e-6 * ref.objective(), "at " + r);
                    assertEquals(ref.nnz(), pt.get("nnz").asInt(), "nonzeros at " + r);
                }
            }
        }
        assertEquals(1.0, org.strads4j.io.Json.mapper().readTree(lines.get(0)).get("lambdaRatio").asDouble(), 1e-12);
        assertEquals(972, Files.readAllLines(out.resolve("run/coefficients.txt")).size(), "the last lambda's coefficients");
    }

    @org.junit.jupiter.api.Test
    void writesCoefficientsReadBackFromTheCache(@org.junit.jupiter.api.io.TempDir Path out) throws Exception {
        Path file = SharedData.data("lasso/diabetes.svm");
        JobSpec spec = JobSpec.defaults("lasso").withParams(Map.of("data", file.toString(), "lambdaRatio", 0.01));
        JobRunner.run(cluster, new LassoApp().plan(spec), RunListener.none(), out.resolve("run"));
        List<String> lines = Files.readAllLines(out.resolve("run/coefficients.txt"));
        assertEquals(8, lines.size(), "one line per nonzero");
        for (String line : lines) {
            String[] f = line.split(" ");
            int index = Integer.parseInt(f[0]);
            assertTrue(index >= 1 && index <= 10, "1-based index " + index);
            assertTrue(Double.parseDouble(f[1]) != 0.0);
        }
        String summary = Files.readString(out.resolve("run/summary.json"));
        for (String key : List.of("\"app\"", "\"schedule\"", "\"scheduler\"", "\"nodes\"", "\"rounds\"", "\"updates\"",
                "\"seconds\"", "\"objective\"", "\"nnz\"", "\"lambda\"", "\"dualityGap\"", "\"provenance\"", "\"spec\"",
                "\"seed\"", "\"versions\"", "\"startTime\"", "\"inputs\"", "\"sha256\"")) {
            assertTrue(summary.contains(key), "summary.json has " + key);
        }
        for (String line : Files.readAllLines(out.resolve("run/metrics.jsonl"))) {
            for (String key : List.of("\"round\"", "\"seconds\"", "\"objective\"", "\"nnz\"", "\"updates\"")) {
                assertTrue(line.contains(key), "metrics line has " + key + ": " + line);
            }
        }
    }
}

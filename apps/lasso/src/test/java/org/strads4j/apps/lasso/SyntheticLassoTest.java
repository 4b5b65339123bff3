package org.strads4j.apps.lasso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.strads4j.api.JobSpec;
import org.strads4j.cluster.EmbeddedCluster;
import org.strads4j.engine.JobRunner;
import org.strads4j.engine.RunListener;

/**
 * A generated p = 200,000 problem (n = 2,000, 800,000 nonzeros, seed 1) at 0.1 lambda_max reaches
 * scikit-learn's tight optimum within 1e-6 with its support, on 1 and on 2 nodes.
 *
 * <p>The reference: scikit-learn 1.2.1 (Debian python3-sklearn) on the very bytes this test
 * writes (their sha256 is checked), {@code Lasso(alpha=0.1 * alpha_max, fit_intercept=False,
 * tol=1e-12)} from {@code load_svmlight_file(F, n_features=200000)}: objective
 * 0.2611361089559661, 925 nonzeros, duality gap 2e-13, 3.0 s. (At 0.01 lambda_max:
 * 0.033942764365086836, 1,890 nonzeros, 68 s.)
 */
class SyntheticLassoTest {
    static final String SHA256 = "dbc02199f0576da8d9d201852c79879a983a2c07c751b430b6fe5d595c022a42";
    static final double SKLEARN_OBJECTIVE = 0.2611361089559661;
    static final int SKLEARN_NNZ = 925;

    @TempDir
    static Path dir;
    private static Path file;
    private static EmbeddedCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        file = dir.resolve("synth_p200k.svm");
        assertEquals(800_000, SyntheticLasso.write(file, 2000, 200_000, 200, 0.002, 1));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        assertEquals(SHA256, HexFormat.of().formatHex(digest), "the generator still writes the bytes sklearn solved");
        cluster = EmbeddedCluster.start(2);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest(name = "{0} node(s)")
    @ValueSource(ints = {1, 2})
    void reachesScikitLearnsOptimumAndSupport(int nodes) {
        JobSpec spec = JobSpec.defaults("lasso").withNodes(nodes).withMaxRounds(100_000)
                .withParams(Map.of("data", file.toString(), "lambdaRatio", 0.1));
        Map<String, Object> s = JobRunner.run(cluster, new LassoApp().plan(spec), RunListener.none(), null).summary();
        assertEquals("converged", s.get("stopReason"));
        double objective = (Double) s.get("objective");
        assertTrue(Math.abs(objective - SKLEARN_OBJECTIVE) <= 1e-6 * SKLEARN_OBJECTIVE,
                "objective " + objective + " vs sklearn " + SKLEARN_OBJECTIVE);
        assertEquals(SKLEARN_NNZ, s.get("nnz"));
    }
}

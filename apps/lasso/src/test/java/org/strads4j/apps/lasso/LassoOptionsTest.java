package org.strads4j.apps.lasso;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.strads4j.api.BadInputException;
import org.strads4j.api.JobSpec;

/** The path option: its lambdas, and the values it refuses. */
class LassoOptionsTest {
    private static LassoOptions options(Map<String, Object> params) {
        return LassoOptions.from(JobSpec.defaults("lasso").withParams(params));
    }

    @Test
    void aPathRunsFromLambdaMaxToLambdaEvenlyOnALogScale() {
        double[] l = options(Map.of("lambdaRatio", 0.01, "path", 5)).lambdas(2.0);
        assertEquals(5, l.length);
        assertEquals(2.0, l[0], 0.0);
        assertEquals(0.02, l[4], 0.0);
        for (int k = 1; k < 5; k++) {
            assertEquals(Math.sqrt(Math.sqrt(0.01)), l[k] / l[k - 1], 1e-12, "one ratio between neighbours");
        }
        assertArrayEquals(new double[] {0.02}, options(Map.of("lambdaRatio", 0.01)).lambdas(2.0), "no path: lambda alone");
        assertArrayEquals(new double[] {2.0, 0.3}, options(Map.of("lambda", 0.3, "path", 2)).lambdas(2.0));
    }

    @Test
    void pathLengthsThatMakeNoPathAreRefusedNamingTheOption() {
        for (long bad : new long[] {1, -3, LassoOptions.MAX_PATH + 1}) {
            BadInputException e = assertThrows(BadInputException.class, () -> options(Map.of("path", bad)));
            assertTrue(e.getMessage().startsWith("Invalid --path: " + bad), e.getMessage());
        }
    }
}

package org.strads4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JobSpecTest {

    @Test
    void jsonRoundTripKeepsEveryField() {
        JobSpec spec = JobSpec.defaults("lasso").withNodes(3).withSeed(7).withStaleness(1).withEvalEvery(4)
                .withParams(Map.of("lambdaRatio", 0.01, "scheduler", "priority", "blockSize", 64));
        JobSpec back = JobSpec.fromJson(spec.toJson());
        assertEquals(spec, back);
        assertEquals(0.01, back.param("lambdaRatio", 1.0));
        assertEquals(64L, back.param("blockSize", 0L));
        assertEquals("priority", back.param("scheduler", "x"));
    }

    @Test
    void invalidValuesNameTheOption() {
        assertTrue(assertThrows(BadInputException.class, () -> JobSpec.defaults("lasso").withNodes(0))
                .getMessage().contains("--nodes"));
        assertTrue(assertThrows(BadInputException.class, () -> JobSpec.defaults("lasso").withMaxRounds(0))
                .getMessage().contains("--max-rounds"));
        assertTrue(assertThrows(BadInputException.class, () -> JobSpec.defaults("lasso").withTolerance(-1))
                .getMessage().contains("--tolerance"));
        assertThrows(BadInputException.class, () -> JobSpec.fromJson("{\"app\":\"lasso\",\"bogus\":1}"));
        JobSpec s = JobSpec.defaults("lasso").withParams(Map.of("blockSize", "many"));
        assertThrows(BadInputException.class, () -> s.param("blockSize", 1L));
    }

    @Test
    void paramsAreImmutable() {
        JobSpec s = JobSpec.defaults("x").withParams(Map.of("a", 1));
        assertThrows(UnsupportedOperationException.class, () -> s.params().put("b", 2));
    }
}

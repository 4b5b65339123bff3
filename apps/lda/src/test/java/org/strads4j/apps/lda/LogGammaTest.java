package org.strads4j.apps.lda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LogGammaTest {

    @Test
    void matchesKnownValues() {
        assertEquals(0.0, LogGamma.of(1), 1e-13);
        assertEquals(0.0, LogGamma.of(2), 1e-13);
        assertEquals(0.5723649429247001, LogGamma.of(0.5), 1e-13);
        assertEquals(Math.log(362880), LogGamma.of(10), 1e-12);
        assertEquals(4.599479878042022, LogGamma.of(0.01), 1e-12);
        assertEquals(359.1342053695754, LogGamma.of(100), 1e-10);
        assertEquals(13.940625219403763, LogGamma.of(10.5), 1e-12);
    }

    @Test
    void satisfiesTheRecurrence() {
        for (double x = 0.013; x < 500; x *= 1.7) {
            assertEquals(LogGamma.of(x) + Math.log(x), LogGamma.of(x + 1), 1e-11 * Math.max(1, Math.abs(LogGamma.of(x + 1))));
        }
    }

    @Test
    void rejectsNonPositive() {
        assertThrows(IllegalArgumentException.class, () -> LogGamma.of(0));
    }
}

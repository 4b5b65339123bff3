package org.strads4j.apps.lasso;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SoftThresholdTest {
    @Test
    void shrinksTowardsZeroByTheThreshold() {
        assertEquals(2.0, SoftThreshold.apply(3.0, 1.0));
        assertEquals(-2.0, SoftThreshold.apply(-3.0, 1.0));
        assertEquals(0.0, SoftThreshold.apply(0.5, 1.0));
        assertEquals(0.0, SoftThreshold.apply(-1.0, 1.0));
        assertEquals(0.0, SoftThreshold.apply(1.0, 1.0));
        assertEquals(4.0, SoftThreshold.apply(4.0, 0.0));
    }

    @Test
    void theMinimiserDividesByTheCurvatureAndIgnoresEmptyColumns() {
        assertEquals(1.0, SoftThreshold.minimiser(3.0, 2.0, 1.0));
        assertEquals(0.0, SoftThreshold.minimiser(0.5, 2.0, 1.0));
        assertEquals(0.0, SoftThreshold.minimiser(3.0, 0.0, 1.0));
    }
}

package org.strads4j.schedule;

/**
 * How strongly two blocks interfere when updated in the same round, in [0, 1]; for Lasso the
 * absolute correlation of two columns. Used by {@link InterferenceFilter}.
 */
@FunctionalInterface
public interface Dependency extends java.io.Serializable {

    /** The interference of blocks {@code a} and {@code b} (symmetric). */
    double between(int a, int b);

    /**
     * The blocks whose interference with {@code a} exceeds {@code rho}, sorted, without {@code a};
     * or {@code null} when this measure cannot list them (the filter then checks pairs). A measure
     * that can list them lets a round's check cost O(neighbours) per candidate instead of
     * O(accepted).
     */
    default int[] neighbours(int a, double rho) {
        return null;
    }

    /** No block interferes with another. */
    static Dependency none() {
        return new Dependency() {
            @Override
            public double between(int a, int b) {
                return 0.0;
            }

            @Override
            public int[] neighbours(int a, double rho) {
                return new int[0];
            }
        };
    }
}

package org.strads4j.schedule;

/**
 * How strongly two blocks interfere when updated in the same round, in [0, 1]; for Lasso the
 * absolute correlation of two columns. Used by {@link InterferenceFilter}.
 */
@FunctionalInterface
public interface Dependency {

    /** The interference of blocks {@code a} and {@code b} (symmetric). */
    double between(int a, int b);

    /** No block interferes with another. */
    static Dependency none() {
        return (a, b) -> 0.0;
    }
}

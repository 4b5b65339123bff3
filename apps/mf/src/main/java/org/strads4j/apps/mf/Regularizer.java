package org.strads4j.apps.mf;

import org.strads4j.api.BadInputException;

/**
 * The two regularisers of the MF objective
 * {@code sum_(i,j) (a_ij - w_i . h_j)^2 + lambda * (sum_i c_i |w_i|^2 + sum_j c_j |h_j|^2)}.
 * <ul>
 *   <li>{@link #PLAIN}: {@code c = 1}, the CCD++ / STRADS / NOMAD objective;</li>
 *   <li>{@link #WEIGHTED}: {@code c} = the row's (column's) number of training ratings, the ALS-WR
 *       weighting (Zhou et al., 2008) and what Spark MLlib's {@code regParam} means.</li>
 * </ul>
 */
public enum Regularizer {
    PLAIN("plain"),
    WEIGHTED("weighted");

    private final String label;

    Regularizer(String label) {
        this.label = label;
    }

    /** The command-line name: {@code plain} or {@code weighted}. */
    public String label() {
        return label;
    }

    /** The weight {@code c} of a row or column with {@code ratings} training ratings. */
    public double weight(int ratings) {
        return this == PLAIN ? 1.0 : ratings;
    }

    /** The regulariser named {@code name} (case-insensitive). */
    public static Regularizer parse(String name) {
        for (Regularizer r : values()) {
            if (r.label.equalsIgnoreCase(name)) {
                return r;
            }
        }
        throw new BadInputException("Invalid --reg: " + name + " (must be plain or weighted)");
    }
}

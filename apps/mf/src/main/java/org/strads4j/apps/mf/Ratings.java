package org.strads4j.apps.mf;

import java.util.Arrays;

/**
 * A list of ratings as parallel primitive arrays, with the original (file) integer ids.
 *
 * @param users  user id of each rating
 * @param items  item id of each rating
 * @param values rating value
 * @param source where the ratings came from (a file path or a generator description)
 */
public record Ratings(int[] users, int[] items, double[] values, String source) {

    public Ratings {
        if (users.length != items.length || users.length != values.length) {
            throw new IllegalArgumentException("ratings arrays differ in length: " + users.length + ", "
                    + items.length + ", " + values.length);
        }
    }

    /** Number of ratings. */
    public int size() {
        return users.length;
    }

    /** The first {@code n} ratings. */
    Ratings head(int n) {
        return new Ratings(Arrays.copyOf(users, n), Arrays.copyOf(items, n), Arrays.copyOf(values, n), source);
    }
}

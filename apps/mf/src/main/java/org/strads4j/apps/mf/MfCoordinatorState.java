package org.strads4j.apps.mf;

import java.io.Serializable;

/**
 * The coordinator's state of an MF job ({@link org.strads4j.api.CoordinatorContext#state}): the
 * initial item factors the parameter store starts from, whether they have been stored yet, and the
 * user and item ids the model files are written under. Serialisable, so the coordinator can run on
 * any node.
 */
final class MfCoordinatorState implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Initial item factors, feature-major ({@code h0[t * items + j]}). */
    final double[] h0;
    /** The original id of each dense user index, ascending. */
    final int[] userIds;
    /** The original id of each dense item index, ascending. */
    final int[] itemIds;
    /** Training ratings per item: the item regulariser's weights of ALS's item solves (data-parallel); null otherwise. */
    int[] itemCounts;
    /** True once the initial columns are in the parameter store. */
    boolean initialised;

    MfCoordinatorState(double[] h0, int[] userIds, int[] itemIds) {
        this.h0 = h0;
        this.userIds = userIds;
        this.itemIds = itemIds;
    }
}

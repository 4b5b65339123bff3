package org.strads4j.apps.mf;

import java.io.Serializable;

/**
 * One worker's part of the ratings matrix, held twice as CCD++ needs it: its row block (users
 * {@code userFrom..userTo-1}, CSR, to update {@code u_t}) and its column block (items
 * {@code itemFrom..itemTo-1}, CSC, to update {@code v_t}), plus the test ratings of its users.
 *
 * <p>Indices are global dense indices (users {@code 0..users-1}, items {@code 0..items-1}).
 * Row {@code i} of the block is entries {@code rowPtr[i - userFrom] .. rowPtr[i - userFrom + 1] - 1}
 * of {@code rowItem}/{@code rowValue}, items ascending; column {@code j} likewise in
 * {@code colPtr}/{@code colUser}/{@code colValue}, users ascending. Example, 2 workers, 4 users:
 * worker 1 has {@code userFrom = 2, userTo = 4}, and {@code rowPtr = {0, 3, 5}} says user 2 has
 * 3 ratings and user 3 has 2.
 *
 * @param users     number of users in the whole problem
 * @param items     number of items in the whole problem
 * @param userFrom  first user of the row block
 * @param userTo    one past the last user of the row block
 * @param rowPtr    row offsets, length {@code userTo - userFrom + 1}
 * @param rowItem   item index of each row-block rating
 * @param rowValue  rating of each row-block entry
 * @param itemFrom  first item of the column block
 * @param itemTo    one past the last item of the column block
 * @param colPtr    column offsets, length {@code itemTo - itemFrom + 1}
 * @param colUser   user index of each column-block rating
 * @param colValue  rating of each column-block entry
 * @param testUser  user index of each test rating of this block's users
 * @param testItem  item index of each such test rating
 * @param testValue the test rating
 * @param h0        the initial item factors, feature-major ({@code h0[t * items + j]}), the same on
 *                  every worker
 */
public record MfShard(int users, int items,
                      int userFrom, int userTo, int[] rowPtr, int[] rowItem, double[] rowValue,
                      int itemFrom, int itemTo, int[] colPtr, int[] colUser, double[] colValue,
                      int[] testUser, int[] testItem, double[] testValue, double[] h0) implements Serializable {
}

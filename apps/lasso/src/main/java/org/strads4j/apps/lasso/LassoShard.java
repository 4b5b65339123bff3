package org.strads4j.apps.lasso;

import java.io.Serializable;

/**
 * One worker's rows of the Lasso problem, stored by column (CSC) so that {@code x_j^T r} and
 * {@code r -= x_j * delta} touch only column {@code j}'s entries. Row indices are local
 * ({@code 0..rows-1}); column {@code j} is entries {@code colPtr[j] .. colPtr[j+1]-1}.
 *
 * @param rows   rows in this shard
 * @param colPtr column offsets, length p + 1
 * @param rowIdx local row index of each entry
 * @param vals   value of each entry
 * @param y      this shard's targets
 */
public record LassoShard(int rows, int[] colPtr, int[] rowIdx, double[] vals, double[] y) implements Serializable {

    /** Number of columns (p). */
    public int columns() {
        return colPtr.length - 1;
    }
}

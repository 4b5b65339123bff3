package org.strads4j.io;

/**
 * A sparse matrix in compressed row form with one label per row, as read from LIBSVM files.
 * Row {@code i} holds entries {@code rowPtr[i] .. rowPtr[i+1]-1} of {@code cols}/{@code vals};
 * column indices are 0-based and strictly increasing within a row.
 *
 * @param rows    number of rows (n)
 * @param columns number of columns (p): the largest index seen, or more if asked for
 * @param labels  the label of each row
 * @param rowPtr  row offsets, length rows + 1
 * @param cols    0-based column index of each entry
 * @param vals    value of each entry
 * @param widestLine the line of the file that holds the largest index (0 when no row has an
 *                entry), so that a refusal of the column count can name it
 */
public record SparseRows(int rows, int columns, double[] labels, long[] rowPtr, int[] cols, double[] vals,
                         long widestLine) implements java.io.Serializable {

    /** Number of stored entries. */
    public long nnz() {
        return rowPtr[rows];
    }
}

package org.strads4j.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.strads4j.api.BadInputException;

/**
 * Reads LIBSVM / svmlight files: {@code label index:value index:value ...}, 1-based indices,
 * zeros omitted. Blank lines and {@code #} comments are skipped, a {@code qid:} token is ignored.
 * Indices within a line must be distinct; they are sorted if given out of order. The file may be
 * gzip-compressed, whatever its name ({@link InputFiles}).
 *
 * <p>Every problem is a {@link BadInputException} naming the file, the line and what is wrong:
 * a missing or empty file, text that is not UTF-8, a label or value that is not a finite number,
 * an index that is not a positive integer or above {@link #MAX_INDEX}, a repeated index, and data
 * that do not fit in the heap.
 */
public final class LibsvmReader {
    /**
     * The largest feature index accepted, 2^29 = 536,870,912: the solvers keep arrays of one or
     * two entries per column, the largest a priority sum tree of twice the next power of two of
     * the column count, which must stay a valid Java array length.
     */
    public static final int MAX_INDEX = 1 << 29;

    private LibsvmReader() {
    }

    /** Reads {@code file}; the column count is the largest index in it. */
    public static SparseRows read(Path file) {
        return read(file, 0);
    }

    /** Reads {@code file} with at least {@code minColumns} columns (for a test file read after a train file). */
    public static SparseRows read(Path file, int minColumns) {
        try (BufferedReader in = InputFiles.open(file)) {
            return read(in, file, minColumns);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads LIBSVM text from {@code in}; {@code name} is the file named in error messages. An
     * {@link IOException} of {@code in} while reading is reported with the line it met
     * ({@link InputFiles#readError}); one from closing is the caller's.
     */
    public static SparseRows read(BufferedReader in, Path name, int minColumns) {
        Builder b = new Builder(name);
        try {
            String line;
            while ((line = in.readLine()) != null) {
                b.line++;
                parseLine(name, b.line, line, b);
            }
        } catch (IOException e) {
            throw InputFiles.readError(name, b.line + 1, e);
        }
        if (b.rows == 0) {
            throw new BadInputException(name, "no data rows (empty file)");
        }
        return b.build(Math.max(minColumns, b.maxColumn + 1));
    }

    static void parseLine(Path file, long lineNo, String line, Builder b) {
        int end = line.indexOf('#');
        if (end < 0) {
            end = line.length();
        }
        int pos = skipSpace(line, 0, end);
        if (pos >= end) {
            return;
        }
        int tokEnd = tokenEnd(line, pos, end);
        double label = parseNumber(file, lineNo, line, pos, tokEnd, 0);
        pos = skipSpace(line, tokEnd, end);
        boolean sorted = true;
        int last = -1;
        while (pos < end) {
            tokEnd = tokenEnd(line, pos, end);
            int colon = line.indexOf(':', pos);
            if (colon < 0 || colon >= tokEnd) {
                throw new BadInputException(file, lineNo, "bad feature '" + line.substring(pos, tokEnd)
                        + "' (expected index:value)");
            }
            if (line.startsWith("qid", pos) && colon == pos + 3) {
                pos = skipSpace(line, tokEnd, end);
                continue;
            }
            long index = parseIndex(file, lineNo, line, pos, colon);
            double value = parseNumber(file, lineNo, line, colon + 1, tokEnd, index);
            int col = (int) (index - 1);
            if (col <= last) {
                sorted = false;
            }
            last = col;
            b.add(col, value);
            pos = skipSpace(line, tokEnd, end);
        }
        if (!sorted) {
            b.sortRow(file, lineNo);
        }
        b.endRow(label);
    }

    private static int skipSpace(String s, int pos, int end) {
        while (pos < end && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    private static int tokenEnd(String s, int pos, int end) {
        while (pos < end && !Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    private static long parseIndex(Path file, long lineNo, String s, int from, int to) {
        if (from == to) {
            throw new BadInputException(file, lineNo, "missing feature index before ':'");
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new BadInputException(file, lineNo, "bad feature index '" + s.substring(from, to)
                        + "' (expected a positive integer)");
            }
            v = Math.min(v * 10 + (c - '0'), MAX_INDEX + 1L);
        }
        if (v < 1) {
            throw new BadInputException(file, lineNo, "bad feature index '" + s.substring(from, to)
                    + "' (indices are 1-based)");
        }
        if (v > MAX_INDEX) {
            throw new BadInputException(file, lineNo, "feature index " + s.substring(from, to)
                    + " is above the largest supported index, " + MAX_INDEX);
        }
        return v;
    }

    /**
     * The number in {@code s[from, to)}: the label ({@code feature} 0) or the value of a feature.
     * Plain decimals go through {@link #fastDecimal}, the rest through {@link Double#parseDouble};
     * both give the correctly rounded double, so the result is the same either way.
     */
    private static double parseNumber(Path file, long lineNo, String s, int from, int to, long feature) {
        double v = fastDecimal(s, from, to);
        if (!Double.isNaN(v)) {
            return v;
        }
        String tok = s.substring(from, to);
        String what = feature == 0 ? "label" : "value of feature " + feature;
        try {
            v = Double.parseDouble(tok);
        } catch (NumberFormatException e) {
            throw new BadInputException(file, lineNo, "bad " + what + " '" + tok + "' (not a number)");
        }
        if (!Double.isFinite(v)) {
            throw new BadInputException(file, lineNo, "bad " + what + " '" + tok + "' (not finite)");
        }
        return v;
    }

    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22};

    /**
     * A plain decimal {@code [+-]digits[.digits][(e|E)[+-]digits]} whose digits make an integer
     * below 2^53 and whose power of ten is at most 22 in size, parsed without a string (Clinger's
     * fast path: both factors are exact doubles, so the one multiplication or division rounds
     * correctly, as {@link Double#parseDouble} does); NaN for anything else. Reading the p = 1M
     * synthetic set made 2 GB of token strings and concatenations before.
     */
    static double fastDecimal(String s, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long mantissa = 0;
        int significant = 0;
        int exponent = 0;
        int digits = 0;
        boolean point = false;
        for (; i < to; i++) {
            char c = s.charAt(i);
            if (c == '.' && !point) {
                point = true;
                continue;
            }
            if (c < '0' || c > '9') {
                break;
            }
            digits++;
            if (mantissa != 0 || c != '0') {
                if (++significant > 17) {
                    return Double.NaN;
                }
                mantissa = mantissa * 10 + (c - '0');
            }
            if (point) {
                exponent--;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        if (i < to && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < to && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                negativeExponent = s.charAt(i) == '-';
                i++;
            }
            int e = 0;
            int start = i;
            for (; i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
                if (i - start >= 4) {
                    return Double.NaN;
                }
                e = e * 10 + (s.charAt(i) - '0');
            }
            if (i == start) {
                return Double.NaN;
            }
            exponent += negativeExponent ? -e : e;
        }
        if (i != to) {
            return Double.NaN;
        }
        double v;
        if (mantissa == 0) {
            v = 0.0;
        } else if (mantissa >= 1L << 53 || exponent > 22 || exponent < -22) {
            return Double.NaN;
        } else {
            v = exponent >= 0 ? mantissa * POWERS_OF_TEN[exponent] : mantissa / POWERS_OF_TEN[-exponent];
        }
        return negative ? -v : v;
    }

    /**
     * CSR arrays built as the file is read; running out of heap is bad input naming the line. Each
     * row is gathered (and sorted, when it is not) in a small scratch row, then appended to blocks
     * of entries that are never copied while reading: each twice the last, up to
     * {@link #MAX_BLOCK}. {@link #build} copies them once into arrays of the exact size. Growing one
     * array by doubling instead made up to three times the entries' bytes of garbage, and held up
     * to three times them at the end (the full array, its last growth, the trimmed copy).
     */
    static final class Builder {
        /** The most entries in one block (12 MB of indices and values). */
        static final int MAX_BLOCK = 1 << 20;
        private static final int FIRST_BLOCK = 4096;
        private final Path file;
        long line;
        int rows;
        long nnz;
        int maxColumn = -1;
        long widestLine;
        double[] labels = new double[1024];
        long[] rowPtr = new long[1025];
        private final java.util.List<int[]> colBlocks = new java.util.ArrayList<>();
        private final java.util.List<double[]> valBlocks = new java.util.ArrayList<>();
        private int[] colBlock = new int[0];
        private double[] valBlock = new double[0];
        private int inBlock;
        private int[] rowCols = new int[64];
        private double[] rowVals = new double[64];
        private int rowLen;

        Builder(Path file) {
            this.file = file;
        }

        /** Adds an entry to the row being read. */
        void add(int col, double value) {
            if (rowLen == rowCols.length) {
                growRow();
            }
            rowCols[rowLen] = col;
            rowVals[rowLen] = value;
            rowLen++;
            if (col > maxColumn) {
                maxColumn = col;
                widestLine = line;
            }
        }

        private void growRow() {
            if (nnz + rowLen >= Integer.MAX_VALUE - 8) {
                throw new BadInputException(file, line, "more than " + (Integer.MAX_VALUE - 8) + " nonzeros");
            }
            int n = (int) Math.min(Integer.MAX_VALUE - 8, 2L * rowCols.length);
            try {
                rowCols = Arrays.copyOf(rowCols, n);
                rowVals = Arrays.copyOf(rowVals, n);
            } catch (OutOfMemoryError e) {
                throw doesNotFit(nnz + n);
            }
        }

        /** Appends the row read to the blocks. */
        private void appendRow() {
            if (nnz + rowLen > Integer.MAX_VALUE - 8) {
                throw new BadInputException(file, line, "more than " + (Integer.MAX_VALUE - 8) + " nonzeros");
            }
            int done = 0;
            while (done < rowLen) {
                if (inBlock == colBlock.length) {
                    newBlock();
                }
                int k = Math.min(rowLen - done, colBlock.length - inBlock);
                System.arraycopy(rowCols, done, colBlock, inBlock, k);
                System.arraycopy(rowVals, done, valBlock, inBlock, k);
                inBlock += k;
                done += k;
            }
            nnz += rowLen;
            rowLen = 0;
        }

        private void newBlock() {
            int size = colBlock.length == 0 ? FIRST_BLOCK : Math.min(MAX_BLOCK, 2 * colBlock.length);
            try {
                colBlock = new int[size];
                valBlock = new double[size];
            } catch (OutOfMemoryError e) {
                colBlock = new int[0];
                throw doesNotFit(nnz + rowLen + size);
            }
            colBlocks.add(colBlock);
            valBlocks.add(valBlock);
            inBlock = 0;
        }

        private BadInputException doesNotFit(long capacity) {
            return MemoryBudget.doesNotFit(file, line, rows + " rows and " + nnz + " nonzeros read, growing to room for "
                    + capacity);
        }

        /** Sorts the row being read by feature index; an index met twice is bad input. */
        void sortRow(Path file, long lineNo) {
            int len = rowLen;
            long[] packed = new long[len];
            for (int i = 0; i < len; i++) {
                packed[i] = ((long) rowCols[i] << 32) | i;
            }
            Arrays.sort(packed);
            int[] c = new int[len];
            double[] v = new double[len];
            for (int i = 0; i < len; i++) {
                int src = (int) packed[i];
                c[i] = rowCols[src];
                v[i] = rowVals[src];
                if (i > 0 && c[i] == c[i - 1]) {
                    throw new BadInputException(file, lineNo, "feature index " + (c[i] + 1) + " appears twice");
                }
            }
            System.arraycopy(c, 0, rowCols, 0, len);
            System.arraycopy(v, 0, rowVals, 0, len);
        }

        void endRow(double label) {
            appendRow();
            if (rows == labels.length) {
                growRows();
            }
            labels[rows] = label;
            rows++;
            rowPtr[rows] = nnz;
        }

        private void growRows() {
            if (rows >= Integer.MAX_VALUE - 9) {
                throw new BadInputException(file, line, "more than " + (Integer.MAX_VALUE - 9) + " rows");
            }
            int n = (int) Math.min(Integer.MAX_VALUE - 9, 2L * rows);
            try {
                labels = Arrays.copyOf(labels, n);
                rowPtr = Arrays.copyOf(rowPtr, n + 1);
            } catch (OutOfMemoryError e) {
                throw doesNotFit(n);
            }
        }

        /** The rows read, in arrays of the exact size; each block is released once copied. */
        SparseRows build(int columns) {
            int total = (int) nnz;
            int[] cols;
            double[] vals;
            try {
                cols = new int[total];
                vals = new double[total];
            } catch (OutOfMemoryError e) {
                throw doesNotFit(nnz);
            }
            int at = 0;
            for (int i = 0; i < colBlocks.size(); i++) {
                int len = Math.min(colBlocks.get(i).length, total - at);
                System.arraycopy(colBlocks.get(i), 0, cols, at, len);
                System.arraycopy(valBlocks.get(i), 0, vals, at, len);
                colBlocks.set(i, null);
                valBlocks.set(i, null);
                at += len;
            }
            colBlock = new int[0];
            valBlock = new double[0];
            try {
                return new SparseRows(rows, columns, Arrays.copyOf(labels, rows), Arrays.copyOf(rowPtr, rows + 1),
                        cols, vals, widestLine);
            } catch (OutOfMemoryError e) {
                throw doesNotFit(nnz);
            }
        }
    }
}

package org.strads4j.apps.lasso;

import java.util.ArrayList;
import java.util.List;
import org.strads4j.io.SparseRows;
import org.strads4j.schedule.Dependency;

/**
 * The Lasso problem as the coordinator holds it: the whole design matrix by column (CSC), the
 * targets, {@code lambda_max = max_j |x_j^T y| / n}, and the column inner products the scheduler's
 * dependency check (|correlation| of two columns) and the aggregate's group solves need, computed
 * on demand and cached. Workers get their rows through {@link #shards(int)}.
 *
 * <p>Objective: {@code 1/(2n) ||y - X b||^2 + lambda ||b||_1}, no intercept.
 */
public final class LassoData implements Dependency, org.strads4j.api.JobInput {
    private static final long serialVersionUID = 1L;
    private final int n;
    private final int p;
    private final int[] colPtr;
    private final int[] rowIdx;
    private final double[] vals;
    private final double[] y;
    private final double[] colNormSq;
    /** Cached column inner products; rebuilt (empty) where the coordinator runs. */
    private transient PairCache dots;
    private final SparseRows byRow;
    private final int[][] neighbours;
    private final boolean listNeighbours;
    private double neighboursRho = Double.NaN;
    private transient double[] scatter;
    private transient int[] touched;

    private LassoData(SparseRows rows, int n, int p, int[] colPtr, int[] rowIdx, double[] vals, double[] y) {
        this.listNeighbours = neighboursPay(rows, p);
        // the row-wise copy serves the neighbour lists (and the Gram block from the rows); where the
        // lists do not pay it is not kept: one copy of the data on the coordinator, not two
        this.byRow = listNeighbours ? rows : null;
        this.neighbours = listNeighbours ? new int[p][] : null;
        this.n = n;
        this.p = p;
        this.colPtr = colPtr;
        this.rowIdx = rowIdx;
        this.vals = vals;
        this.y = y;
        this.colNormSq = new double[p];
        for (int j = 0; j < p; j++) {
            double s = 0;
            for (int k = colPtr[j]; k < colPtr[j + 1]; k++) {
                s += vals[k] * vals[k];
            }
            colNormSq[j] = s;
        }
    }

    /** Transposes CSR rows (as read) into the column form. */
    public static LassoData of(SparseRows rows) {
        if (rows.nnz() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("more than 2^31 nonzeros");
        }
        int n = rows.rows();
        int p = rows.columns();
        int nnz = (int) rows.nnz();
        int[] colPtr = new int[p + 1];
        for (int k = 0; k < nnz; k++) {
            colPtr[rows.cols()[k] + 1]++;
        }
        for (int j = 0; j < p; j++) {
            colPtr[j + 1] += colPtr[j];
        }
        int[] next = colPtr.clone();
        int[] rowIdx = new int[nnz];
        double[] vals = new double[nnz];
        for (int i = 0; i < n; i++) {
            for (long k = rows.rowPtr()[i]; k < rows.rowPtr()[i + 1]; k++) {
                int j = rows.cols()[(int) k];
                int dst = next[j]++;
                rowIdx[dst] = i;
                vals[dst] = rows.vals()[(int) k];
            }
        }
        return new LassoData(rows, n, p, colPtr, rowIdx, vals, rows.labels().clone());
    }

    public int rows() {
        return n;
    }

    public int columns() {
        return p;
    }

    public long nnz() {
        return colPtr[p];
    }

    /** {@code ||x_j||^2}. */
    public double normSq(int j) {
        return colNormSq[j];
    }

    /** {@code max_j |x_j^T y| / n}: the smallest lambda with the all-zero solution. */
    public double lambdaMax() {
        double best = 0;
        for (double s : xty()) {
            best = Math.max(best, Math.abs(s));
        }
        return best / n;
    }

    /** {@code 1/(2n) ||y||^2}: the objective at b = 0. */
    public double nullObjective() {
        double s = 0;
        for (double v : y) {
            s += v * v;
        }
        return s / (2.0 * n);
    }

    /**
     * {@code ||sum_i c_i x_{keys[i]}||^2} with {@code c_i = coef[i * stride]}: a sparse scatter
     * into a dense row vector, cost the round's nonzeros.
     */
    public double normSqOfCombination(long[] keys, double[] coef, int stride) {
        if (rowScratch == null) {
            rowScratch = new double[n];
            rowTouched = new int[n];
            rowMark = new boolean[n];
        }
        int nt = 0;
        for (int i = 0; i < keys.length; i++) {
            double c = coef[i * stride];
            if (c == 0) {
                continue;
            }
            int j = (int) keys[i];
            for (int k = colPtr[j]; k < colPtr[j + 1]; k++) {
                int r = rowIdx[k];
                if (!rowMark[r]) {
                    rowMark[r] = true;
                    rowTouched[nt++] = r;
                }
                rowScratch[r] += c * vals[k];
            }
        }
        double s = 0;
        for (int t = 0; t < nt; t++) {
            int r = rowTouched[t];
            s += rowScratch[r] * rowScratch[r];
            rowScratch[r] = 0;
            rowMark[r] = false;
        }
        return s;
    }

    /**
     * The Gram matrix of the columns {@code w[0..m)}: {@code out[a * m + c] = x_{w[a]}^T x_{w[c]} / n}
     * (row-major, symmetric), from the rows: each row adds the outer product of its entries in the
     * set, so the cost is {@code sum_i nnz_W(row i)^2} rather than {@code m^2} column merges.
     */
    public void gram(int[] w, int m, double[] out) {
        if (byRow == null) {
            gramFromColumns(w, m, out);
            return;
        }
        java.util.Arrays.fill(out, 0, m * m, 0.0);
        int[] pos = new int[p];
        java.util.Arrays.fill(pos, -1);
        for (int a = 0; a < m; a++) {
            pos[w[a]] = a;
        }
        int[] rowPos = new int[Math.min(m, p)];
        double[] rowVal = new double[rowPos.length];
        long[] rowPtr = byRow.rowPtr();
        int[] cols = byRow.cols();
        double[] rv = byRow.vals();
        for (int i = 0; i < n; i++) {
            int k = 0;
            for (long e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
                int a = pos[cols[(int) e]];
                if (a >= 0) {
                    rowPos[k] = a;
                    rowVal[k] = rv[(int) e];
                    k++;
                }
            }
            for (int s1 = 0; s1 < k; s1++) {
                int base = rowPos[s1] * m;
                double v = rowVal[s1];
                for (int s2 = s1; s2 < k; s2++) {
                    out[base + rowPos[s2]] += v * rowVal[s2];
                }
            }
        }
        // each pair landed in (a, c) in the order the row lists them: fold into one triangle, mirror
        for (int a = 0; a < m; a++) {
            for (int c = a + 1; c < m; c++) {
                double v = (out[a * m + c] + out[c * m + a]) / n;
                out[a * m + c] = v;
                out[c * m + a] = v;
            }
            out[a * m + a] /= n;
        }
    }

    /**
     * {@link #gram} without the row-wise copy: each column of the set scattered once into a dense
     * row accumulator and every later column of the set gathered against it, so the cost is
     * {@code m} times the set's nonzeros (as the rows' way for dense columns; the sparse sets that
     * reach here are at most {@code LassoAggregate.FEATURE_SIGN_MAX} columns).
     */
    void gramFromColumns(int[] w, int m, double[] out) {
        double[] dense = new double[n];
        for (int a = 0; a < m; a++) {
            gramColumn(w, m, a, a, dense, out);
        }
    }

    /**
     * Entries {@code (a, c)} and {@code (c, a)}, for {@code c} in {@code [from, m)}, of the Gram
     * block of {@code w[0..m)} over n, into {@code out}: column {@code w[a]} scattered once into
     * {@code dense} (all zeros over the rows, and left so), the set's columns gathered against it.
     */
    void gramColumn(int[] w, int m, int a, int from, double[] dense, double[] out) {
        int ja = w[a];
        scatterColumn(ja, dense, 0);
        for (int c = from; c < m; c++) {
            double d = c == a ? colNormSq[ja] : dot(w[c], dense);
            out[a * m + c] = d / n;
            out[c * m + a] = d / n;
        }
        for (int k = colPtr[ja]; k < colPtr[ja + 1]; k++) {
            dense[rowIdx[k]] = 0.0;
        }
    }

    /** {@code dense[at + i] = x_ij} for the nonzeros of column {@code j} (the other entries are left as they are). */
    void scatterColumn(int j, double[] dense, int at) {
        for (int k = colPtr[j]; k < colPtr[j + 1]; k++) {
            dense[at + rowIdx[k]] = vals[k];
        }
    }

    /** Whether the coordinator keeps the rows too (only where neighbour lists pay). */
    boolean keepsRows() {
        return byRow != null;
    }

    /** {@code r = y - X b}, from the columns of the nonzero coefficients. */
    public double[] residual(double[] b) {
        double[] r = y.clone();
        for (int j = 0; j < p; j++) {
            if (b[j] != 0) {
                axpy(j, -b[j], r);
            }
        }
        return r;
    }

    /** {@code x_j^T v} for a dense vector over the rows. */
    public double dot(int j, double[] v) {
        double s = 0;
        for (int k = colPtr[j]; k < colPtr[j + 1]; k++) {
            s += vals[k] * v[rowIdx[k]];
        }
        return s;
    }

    /** {@code v += a * x_j} for a dense vector over the rows. */
    public void axpy(int j, double a, double[] v) {
        for (int k = colPtr[j]; k < colPtr[j + 1]; k++) {
            v[rowIdx[k]] += a * vals[k];
        }
    }

    /** Copies column {@code j}'s row indices and values into {@code rows} and {@code vals} from {@code at}. */
    void copyColumn(int j, int[] rows, double[] vals, int at) {
        int len = colPtr[j + 1] - colPtr[j];
        System.arraycopy(rowIdx, colPtr[j], rows, at, len);
        System.arraycopy(this.vals, colPtr[j], vals, at, len);
    }

    /** The nonzeros of column {@code j}. */
    public int nnz(int j) {
        return colPtr[j + 1] - colPtr[j];
    }

    /** The targets. */
    double[] y() {
        return y;
    }

    /** {@code x_j^T y} for every column (computed once, on first use). */
    public double[] xty() {
        if (xty == null) {
            double[] t = new double[p];
            for (int j = 0; j < p; j++) {
                double s = 0;
                for (int k = colPtr[j]; k < colPtr[j + 1]; k++) {
                    s += vals[k] * y[rowIdx[k]];
                }
                t[j] = s;
            }
            xty = t;
        }
        return xty;
    }

    private transient double[] xty;

    private transient double[] rowScratch;
    private transient int[] rowTouched;
    private transient boolean[] rowMark;

    /** {@code x_a^T x_b}, cached. */
    public double dot(int a, int b) {
        if (a == b) {
            return colNormSq[a];
        }
        int lo = Math.min(a, b);
        int hi = Math.max(a, b);
        if (dots == null) {
            dots = new PairCache(1 << 20);
        }
        double d = dots.get(lo, hi);
        if (Double.isNaN(d)) {
            d = mergeDot(lo, hi);
            dots.put(lo, hi, d);
        }
        return d;
    }

    private double mergeDot(int a, int b) {
        int ka = colPtr[a];
        int ea = colPtr[a + 1];
        int kb = colPtr[b];
        int eb = colPtr[b + 1];
        double s = 0;
        while (ka < ea && kb < eb) {
            int ra = rowIdx[ka];
            int rb = rowIdx[kb];
            if (ra == rb) {
                s += vals[ka++] * vals[kb++];
            } else if (ra < rb) {
                ka++;
            } else {
                kb++;
            }
        }
        return s;
    }

    /** The absolute correlation (cosine) of columns {@code a} and {@code b}; 0 for an empty column. */
    @Override
    public double between(int a, int b) {
        double den = colNormSq[a] * colNormSq[b];
        return den > 0 ? Math.abs(dot(a, b)) / Math.sqrt(den) : 0.0;
    }

    /** Whether the column form of {@code rows} keeps the rows too (where neighbour lists pay). */
    static boolean keepsRows(SparseRows rows) {
        return neighboursPay(rows, rows.columns());
    }

    /**
     * Whether listing a column's neighbours pays: it costs the summed lengths of the column's rows
     * (on average {@code sum_i len_i^2 / p}), a pairwise check costs about one column's nonzeros per
     * accepted coordinate. Sparse text lists (cost ~25 columns), dense data with n << p such as
     * microarrays (cost ~p columns) checks pairs with cached inner products.
     */
    private static boolean neighboursPay(SparseRows rows, int p) {
        double sumSq = 0;
        for (int i = 0; i < rows.rows(); i++) {
            double len = rows.rowPtr()[i + 1] - rows.rowPtr()[i];
            sumSq += len * len;
        }
        double perColumn = sumSq / Math.max(1, p);
        double meanColumnNnz = (double) rows.nnz() / Math.max(1, p);
        return perColumn <= 200 * Math.max(1.0, meanColumnNnz);
    }

    /**
     * The columns whose |correlation| with {@code a} exceeds {@code rho}, computed once per column
     * by scattering {@code X^T x_a} through the row-wise copy: cost sum of the row lengths of
     * {@code a}'s rows, instead of one merge per pair.
     */
    @Override
    public int[] neighbours(int a, double rho) {
        if (!listNeighbours) {
            return null;
        }
        if (rho != neighboursRho) {
            java.util.Arrays.fill(neighbours, null);
            neighboursRho = rho;
        }
        int[] nb = neighbours[a];
        if (nb == null) {
            nb = computeNeighbours(a, rho);
            neighbours[a] = nb;
        }
        return nb;
    }

    private int[] computeNeighbours(int a, double rho) {
        if (scatter == null) {
            scatter = new double[p];
            touched = new int[p];
        }
        int nt = 0;
        long[] rowPtr = byRow.rowPtr();
        int[] cols = byRow.cols();
        double[] rv = byRow.vals();
        for (int k = colPtr[a]; k < colPtr[a + 1]; k++) {
            int i = rowIdx[k];
            double xa = vals[k];
            for (long e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
                int j = cols[(int) e];
                if (scatter[j] == 0.0) {
                    touched[nt++] = j;
                }
                scatter[j] += xa * rv[(int) e];
                if (scatter[j] == 0.0) {
                    scatter[j] = Double.MIN_VALUE; // keep it marked as touched
                }
            }
        }
        int[] out = new int[nt];
        int m = 0;
        double na = colNormSq[a];
        for (int t = 0; t < nt; t++) {
            int j = touched[t];
            double d = scatter[j];
            scatter[j] = 0.0;
            if (j != a && na > 0 && colNormSq[j] > 0 && Math.abs(d) / Math.sqrt(na * colNormSq[j]) > rho) {
                out[m++] = j;
            }
        }
        out = java.util.Arrays.copyOf(out, m);
        java.util.Arrays.sort(out);
        return out;
    }

    /** Rows cut into {@code workers} contiguous, near-equal shards, each stored by column. */
    public List<LassoShard> shards(int workers) {
        List<LassoShard> out = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            out.add(shard(w, workers));
        }
        return out;
    }

    /** Worker {@code w}'s shard of {@link #shards}{@code (workers)}, made alone. */
    public LassoShard shard(int w, int workers) {
        int from = (int) ((long) n * w / workers);
        int to = (int) ((long) n * (w + 1) / workers);
        return rowRange(from, to);
    }

    private LassoShard rowRange(int from, int to) {
        int[] ptr = new int[p + 1];
        for (int j = 0; j < p; j++) {
            int c = 0;
            for (int k = colPtr[j]; k < colPtr[j + 1]; k++) {
                int r = rowIdx[k];
                if (r >= from && r < to) {
                    c++;
                }
            }
            ptr[j + 1] = ptr[j] + c;
        }
        int[] ri = new int[ptr[p]];
        double[] v = new double[ptr[p]];
        int dst = 0;
        for (int j = 0; j < p; j++) {
            for (int k = colPtr[j]; k < colPtr[j + 1]; k++) {
                int r = rowIdx[k];
                if (r >= from && r < to) {
                    ri[dst] = r - from;
                    v[dst] = vals[k];
                    dst++;
                }
            }
        }
        double[] ys = java.util.Arrays.copyOfRange(y, from, to);
        return new LassoShard(to - from, ptr, ri, v, ys);
    }

    /**
     * A bounded open-addressing map from a column pair to its inner product; it starts over when
     * 3/4 full (values are recomputed on demand).
     */
    static final class PairCache {
        private final long[] keys;
        private final double[] values;
        private final int mask;
        private int size;

        PairCache(int capacity) {
            keys = new long[capacity];
            values = new double[capacity];
            mask = capacity - 1;
            java.util.Arrays.fill(keys, -1L);
        }

        private static int slot(long key, int mask) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h >>> 40) & mask;
        }

        double get(int a, int b) {
            long key = ((long) a << 32) | b;
            for (int s = slot(key, mask); ; s = (s + 1) & mask) {
                if (keys[s] == key) {
                    return values[s];
                }
                if (keys[s] == -1L) {
                    return Double.NaN;
                }
            }
        }

        void put(int a, int b, double v) {
            if (size >= keys.length / 4 * 3) {
                java.util.Arrays.fill(keys, -1L);
                size = 0;
            }
            long key = ((long) a << 32) | b;
            int s = slot(key, mask);
            while (keys[s] != -1L && keys[s] != key) {
                s = (s + 1) & mask;
            }
            if (keys[s] == -1L) {
                size++;
            }
            keys[s] = key;
            values[s] = v;
        }
    }
}

package org.strads4j.apps.lasso;

import org.strads4j.api.Batch;

/** The plain-Java Lasso kernel: sparse CSC columns against a dense residual on the heap. */
final class JavaLassoKernel implements LassoKernel {
    private final LassoShard s;
    private final String note;
    private double[] r;

    JavaLassoKernel(LassoShard s, double[] r) {
        this(s, r, null);
    }

    /** With a note for the provenance (why no other kernel was taken), or null. */
    JavaLassoKernel(LassoShard s, double[] r, String note) {
        this.s = s;
        this.r = r;
        this.note = note;
    }

    @Override
    public void dots(long[] keys, double[] out) {
        for (int i = 0; i < keys.length; i++) {
            out[i] = dot((int) keys[i]);
        }
    }

    /** {@code x_j^T r} over this shard. */
    private double dot(int j) {
        int[] ptr = s.colPtr();
        int[] idx = s.rowIdx();
        double[] v = s.vals();
        double dot = 0;
        for (int k = ptr[j]; k < ptr[j + 1]; k++) {
            dot += v[k] * r[idx[k]];
        }
        return dot;
    }

    @Override
    public void apply(Batch commit) {
        int[] ptr = s.colPtr();
        int[] idx = s.rowIdx();
        double[] v = s.vals();
        for (int i = 0; i < commit.size(); i++) {
            double delta = commit.value(i, 0);
            if (delta == 0) {
                continue;
            }
            int j = (int) commit.key(i);
            for (int k = ptr[j]; k < ptr[j + 1]; k++) {
                r[idx[k]] -= v[k] * delta;
            }
        }
    }

    @Override
    public double[] partial() {
        double[] out = residualSums();
        for (int j = 0; j < s.columns(); j++) {
            out[2 + j] = dot(j);
        }
        return out;
    }

    /** An evaluation's partial with {@code [r^T r, r^T y]} filled in and {@code X^T r} left for the caller. */
    double[] residualSums() {
        double[] out = new double[2 + s.columns()];
        double rr = 0;
        double ry = 0;
        double[] y = s.y();
        for (int i = 0; i < r.length; i++) {
            rr += r[i] * r[i];
            ry += r[i] * y[i];
        }
        out[0] = rr;
        out[1] = ry;
        return out;
    }

    /** The live residual (for a kernel that shares it). */
    double[] liveResidual() {
        return r;
    }

    @Override
    public double[] residual() {
        return r.clone();
    }

    @Override
    public void residual(double[] restored) {
        r = restored.clone();
    }

    @Override
    public String describe() {
        return note == null ? "cpu (plain Java)" : "cpu (plain Java; " + note + ")";
    }

    @Override
    public void close() {
        // heap only
    }
}

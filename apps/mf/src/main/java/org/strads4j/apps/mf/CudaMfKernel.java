package org.strads4j.apps.mf;

import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;

import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import org.strads4j.kernel.Gpu;

/**
 * The MF kernel on a CUDA device ({@code cuda/mf.cu}): the shard's row block (CSR: offsets, item
 * indices) and column block (CSC: offsets, user indices) and both residual copies are uploaded
 * once and stay on the device. A call moves only the factor columns it needs (full length: {@code
 * u} of every user, {@code v} of every item) up, and a solve the block's new values back.
 *
 * <p>{@code ccd_solve} runs one thread per row over the row's entries in order and
 * {@code ccd_outer} one warp per row (each entry updated once, no atomics), with explicitly
 * rounded IEEE double operations and no fused multiply-adds: the results are those of
 * {@link JavaMfKernel}, bit for bit, and deterministic.
 */
final class CudaMfKernel implements MfKernel {
    private static final int BLOCK = 256;
    private static final int WARPS_PER_BLOCK = BLOCK / 32;

    private final int userFrom;
    private final int itemFrom;
    private final int users;
    private final int items;
    /** Users of the row block, items of the column block. */
    private final int rows;
    private final int cols;
    private final int rowNnz;
    private final int colNnz;
    private final CUfunction solve;
    private final CUfunction outer;
    private final CUdeviceptr rowPtr;
    private final CUdeviceptr rowItem;
    private final CUdeviceptr rowResid;
    private final CUdeviceptr colPtr;
    private final CUdeviceptr colUser;
    private final CUdeviceptr colResid;
    /** A user column and an item column (full length), and a block's new values. */
    private final CUdeviceptr u;
    private final CUdeviceptr v;
    private final CUdeviceptr out;
    private boolean closed;

    CudaMfKernel(MfShard s, double[] row, double[] col) {
        JavaMfKernel.check(s, row, col);
        Gpu.use();
        this.userFrom = s.userFrom();
        this.itemFrom = s.itemFrom();
        this.users = s.users();
        this.items = s.items();
        this.rows = s.rowPtr().length - 1;
        this.cols = s.colPtr().length - 1;
        this.rowNnz = row.length;
        this.colNnz = col.length;
        this.solve = Gpu.function("mf", "ccd_solve");
        this.outer = Gpu.function("mf", "ccd_outer");
        this.rowPtr = Gpu.upload(s.rowPtr());
        this.rowItem = Gpu.upload(s.rowItem());
        this.rowResid = Gpu.upload(row);
        this.colPtr = Gpu.upload(s.colPtr());
        this.colUser = Gpu.upload(s.colUser());
        this.colResid = Gpu.upload(col);
        this.u = Gpu.alloc((long) users * Sizeof.DOUBLE);
        this.v = Gpu.alloc((long) items * Sizeof.DOUBLE);
        this.out = Gpu.alloc((long) Math.max(rows, cols) * Sizeof.DOUBLE);
    }

    private static void put(CUdeviceptr d, double[] a) {
        if (a.length > 0) {
            cuMemcpyHtoD(d, Pointer.to(a), (long) a.length * Sizeof.DOUBLE);
        }
    }

    private static void get(double[] a, CUdeviceptr d) {
        if (a.length > 0) {
            cuMemcpyDtoH(Pointer.to(a), d, (long) a.length * Sizeof.DOUBLE);
        }
    }

    private static void length(String what, double[] a, int n) {
        if (a.length != n) {
            throw new IllegalArgumentException(what + " of length " + a.length + ", expected " + n);
        }
    }

    @Override
    public void addOuter(double[] uCol, double[] vCol) {
        outer(uCol, vCol, 0);
    }

    @Override
    public void subtractOuter(double[] uCol, double[] vCol) {
        outer(uCol, vCol, 1);
    }

    /** Both copies: the row block with {@code a = u, b = v}, the column block with {@code a = v, b = u}. */
    private void outer(double[] uCol, double[] vCol, int subtract) {
        length("u", uCol, users);
        length("v", vCol, items);
        Gpu.use();
        put(u, uCol);
        put(v, vCol);
        launchOuter(rowPtr, rowItem, rowResid, rows, userFrom, u, v, subtract);
        launchOuter(colPtr, colUser, colResid, cols, itemFrom, v, u, subtract);
    }

    private void launchOuter(CUdeviceptr ptr, CUdeviceptr idx, CUdeviceptr resid, int n, int first, CUdeviceptr a,
                             CUdeviceptr b, int subtract) {
        if (n == 0) {
            return;
        }
        Pointer params = Pointer.to(Pointer.to(ptr), Pointer.to(idx), Pointer.to(resid), Pointer.to(new int[] {n}),
                Pointer.to(new int[] {first}), Pointer.to(a), Pointer.to(b), Pointer.to(new int[] {subtract}));
        launch(outer, (n + WARPS_PER_BLOCK - 1) / WARPS_PER_BLOCK, params);
    }

    @Override
    public void solve(int side, double[] other, double lambda, Regularizer reg, double[] result) {
        boolean w = side == FactorKeys.W;
        int n = w ? rows : cols;
        length("the solve's output", result, n);
        length(w ? "v" : "u", other, w ? items : users);
        if (n == 0) {
            return;
        }
        Gpu.use();
        CUdeviceptr o = w ? v : u;
        put(o, other);
        Pointer params = Pointer.to(Pointer.to(w ? rowPtr : colPtr), Pointer.to(w ? rowItem : colUser),
                Pointer.to(w ? rowResid : colResid), Pointer.to(o), Pointer.to(new int[] {n}),
                Pointer.to(new double[] {lambda}), Pointer.to(new int[] {reg == Regularizer.WEIGHTED ? 1 : 0}),
                Pointer.to(out));
        launch(solve, (n + BLOCK - 1) / BLOCK, params);
        get(result, out);   // on the launch's stream: waits for it
    }

    private static void launch(CUfunction f, int blocks, Pointer params) {
        cuLaunchKernel(f, Math.max(1, blocks), 1, 1, BLOCK, 1, 1, 0, null, params, null);
    }

    @Override
    public double[] rowResidual() {
        Gpu.use();
        double[] r = new double[rowNnz];
        get(r, rowResid);
        return r;
    }

    @Override
    public double[] colResidual() {
        Gpu.use();
        double[] r = new double[colNnz];
        get(r, colResid);
        return r;
    }

    @Override
    public void residuals(double[] row, double[] col) {
        length("the row block's residual", row, rowNnz);
        length("the column block's residual", col, colNnz);
        Gpu.use();
        put(rowResid, row);
        put(colResid, col);
    }

    @Override
    public String describe() {
        return "gpu: " + Gpu.device() + " (CUDA kernels through JCuda)";
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Gpu.use();
        for (CUdeviceptr d : new CUdeviceptr[] {rowPtr, rowItem, rowResid, colPtr, colUser, colResid, u, v, out}) {
            cuMemFree(d);
        }
    }
}

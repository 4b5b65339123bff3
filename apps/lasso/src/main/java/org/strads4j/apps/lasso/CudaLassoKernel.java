package org.strads4j.apps.lasso;

import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;

import static jcuda.driver.JCudaDriver.cuMemAllocHost;
import static jcuda.driver.JCudaDriver.cuMemFreeHost;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.IntBuffer;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import org.strads4j.api.Batch;
import org.strads4j.kernel.Gpu;

/**
 * The Lasso kernel on a CUDA device ({@code cuda/lasso.cu}): the shard's CSC columns, its targets
 * and the residual are uploaded once and stay on the device; a round moves only its coordinates
 * and their dot products, a commit only its changed coordinates and deltas, an evaluation the
 * {@code p + 2} partial sums. Dot products reduce in a fixed order per column (deterministic);
 * residual updates of columns that share a row use atomic adds, so their order, and the last bits
 * of {@code r}, may differ from run to run.
 */
final class CudaLassoKernel implements LassoKernel {
    private static final int BLOCK = 256;
    private static final int WARPS_PER_BLOCK = BLOCK / 32;
    private static final int SUM_BLOCKS = 64;

    private final int rows;
    private final int p;
    private final CUfunction dots;
    private final CUfunction axpy;
    private final CUfunction rrRy;
    private final CUdeviceptr colPtr;
    private final CUdeviceptr rowIdx;
    private final CUdeviceptr vals;
    private final CUdeviceptr y;
    private final CUdeviceptr r;
    private final CUdeviceptr sums;
    private final CUdeviceptr gradient;
    private CUdeviceptr cols;
    private CUdeviceptr scratch;
    private int capacity;
    /** Page-locked host buffers: transfers from and to them run at full bus speed, without staging. */
    private final Pointer gradientHost = new Pointer();
    private final DoubleBuffer gradientView;
    private Pointer colsHost;
    private IntBuffer colsView;
    private Pointer scratchHost;
    private DoubleBuffer scratchView;
    private boolean closed;

    CudaLassoKernel(LassoShard s, double[] residual) {
        Gpu.use();
        this.rows = s.rows();
        this.p = s.columns();
        this.dots = Gpu.function("lasso", "csc_dots");
        this.axpy = Gpu.function("lasso", "csc_axpy");
        this.rrRy = Gpu.function("lasso", "rr_ry");
        this.colPtr = Gpu.upload(s.colPtr());
        this.rowIdx = Gpu.upload(s.rowIdx());
        this.vals = Gpu.upload(s.vals());
        this.y = Gpu.upload(s.y());
        this.r = Gpu.upload(residual);
        this.sums = Gpu.alloc(2L * SUM_BLOCKS * Sizeof.DOUBLE);
        this.gradient = Gpu.alloc((long) Math.max(1, p) * Sizeof.DOUBLE);
        cuMemAllocHost(gradientHost, (long) Math.max(1, p) * Sizeof.DOUBLE);
        this.gradientView = gradientHost.getByteBuffer(0, (long) Math.max(1, p) * Sizeof.DOUBLE)
                .order(ByteOrder.nativeOrder()).asDoubleBuffer();
        grow(64);
    }

    /** Room for {@code n} coordinates: indices in {@code cols}, deltas or dot products in {@code scratch}. */
    private void grow(int n) {
        if (n <= capacity) {
            return;
        }
        int c = Math.max(n, capacity * 2);
        if (cols != null) {
            cuMemFree(cols);
            cuMemFree(scratch);
            cuMemFreeHost(colsHost);
            cuMemFreeHost(scratchHost);
        }
        cols = Gpu.alloc((long) c * Sizeof.INT);
        scratch = Gpu.alloc((long) c * Sizeof.DOUBLE);
        colsHost = new Pointer();
        cuMemAllocHost(colsHost, (long) c * Sizeof.INT);
        colsView = colsHost.getByteBuffer(0, (long) c * Sizeof.INT).order(ByteOrder.nativeOrder()).asIntBuffer();
        scratchHost = new Pointer();
        cuMemAllocHost(scratchHost, (long) c * Sizeof.DOUBLE);
        scratchView = scratchHost.getByteBuffer(0, (long) c * Sizeof.DOUBLE).order(ByteOrder.nativeOrder())
                .asDoubleBuffer();
        capacity = c;
    }

    private static int blocksFor(int warps) {
        return (warps + WARPS_PER_BLOCK - 1) / WARPS_PER_BLOCK;
    }

    @Override
    public void dots(long[] keys, double[] out) {
        int n = keys.length;
        if (n == 0) {
            return;
        }
        Gpu.use();
        grow(n);
        for (int i = 0; i < n; i++) {
            colsView.put(i, (int) keys[i]);
        }
        cuMemcpyHtoD(cols, colsHost, (long) n * Sizeof.INT);
        launchDots(Pointer.to(cols), n, scratch);
        cuMemcpyDtoH(scratchHost, scratch, (long) n * Sizeof.DOUBLE);
        scratchView.get(0, out, 0, n);
    }

    @Override
    public void apply(Batch commit) {
        Gpu.use();
        grow(commit.size());
        int n = 0;
        for (int i = 0; i < commit.size(); i++) {
            double delta = commit.value(i, 0);
            if (delta != 0) {
                colsView.put(n, (int) commit.key(i));
                scratchView.put(n, delta);
                n++;
            }
        }
        if (n == 0) {
            return;
        }
        cuMemcpyHtoD(cols, colsHost, (long) n * Sizeof.INT);
        cuMemcpyHtoD(scratch, scratchHost, (long) n * Sizeof.DOUBLE);
        launch(axpy, blocksFor(n), Pointer.to(Pointer.to(colPtr), Pointer.to(rowIdx), Pointer.to(vals), Pointer.to(r),
                Pointer.to(cols), Pointer.to(scratch), Pointer.to(new int[] {n})));
    }

    @Override
    public double[] partial() {
        Gpu.use();
        double[] out = new double[2 + p];
        if (rows > 0) {
            launch(rrRy, SUM_BLOCKS, Pointer.to(Pointer.to(r), Pointer.to(y), Pointer.to(new int[] {rows}),
                    Pointer.to(sums)));
            double[] s = new double[2 * SUM_BLOCKS];
            cuMemcpyDtoH(Pointer.to(s), sums, (long) s.length * Sizeof.DOUBLE);
            for (int b = 0; b < SUM_BLOCKS; b++) {
                out[0] += s[2 * b];
                out[1] += s[2 * b + 1];
            }
        }
        if (p > 0) {
            launchDots(Pointer.to(new CUdeviceptr()), p, gradient);
            cuMemcpyDtoH(gradientHost, gradient, (long) p * Sizeof.DOUBLE);
            gradientView.get(0, out, 2, p);
        }
        return out;
    }

    /** {@code out[i] = x_j^T r} for {@code n} columns ({@code cols}, or all when it points to null). */
    private void launchDots(Pointer columns, int n, CUdeviceptr out) {
        Pointer params = Pointer.to(Pointer.to(colPtr), Pointer.to(rowIdx), Pointer.to(vals), Pointer.to(r), columns,
                Pointer.to(new int[] {n}), Pointer.to(out));
        launch(dots, blocksFor(n), params);
    }

    private static void launch(CUfunction f, int blocks, Pointer params) {
        cuLaunchKernel(f, Math.max(1, blocks), 1, 1, BLOCK, 1, 1, 0, null, params, null);
    }

    @Override
    public double[] residual() {
        Gpu.use();
        double[] out = new double[rows];
        if (rows > 0) {
            cuMemcpyDtoH(Pointer.to(out), r, (long) rows * Sizeof.DOUBLE);
        }
        return out;
    }

    @Override
    public void residual(double[] restored) {
        if (restored.length != rows) {
            throw new IllegalArgumentException("a residual of " + restored.length + " rows for a shard of " + rows);
        }
        Gpu.use();
        if (rows > 0) {
            cuMemcpyHtoD(r, Pointer.to(restored), (long) rows * Sizeof.DOUBLE);
        }
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
        for (CUdeviceptr d : new CUdeviceptr[] {colPtr, rowIdx, vals, y, r, sums, gradient, cols, scratch}) {
            if (d != null) {
                cuMemFree(d);
            }
        }
        for (Pointer h : new Pointer[] {gradientHost, colsHost, scratchHost}) {
            if (h != null) {
                cuMemFreeHost(h);
            }
        }
    }
}

// Strads4J Lasso kernels: a worker's shard as CSC columns (colPtr, rowIdx, vals) and its residual r
// stay on the device across rounds; only a round's coordinates, deltas and dot products cross the bus.
// One warp per column: the lanes stride over the column's entries and reduce with shuffles.
// Compiled to PTX by nvcc (build time where installed, else at run time); see org.strads4j.kernel.Gpu.

extern "C" {

// out[i] = x_j^T r for j = cols[i] (or j = i when cols is null), i < n.
__global__ void csc_dots(const int* colPtr, const int* rowIdx, const double* vals, const double* r,
                         const int* cols, int n, double* out) {
    int warp = (blockIdx.x * blockDim.x + threadIdx.x) >> 5;
    int lane = threadIdx.x & 31;
    if (warp >= n) {
        return;  // whole warps leave together: the shuffles below see all 32 lanes
    }
    int j = cols != 0 ? cols[warp] : warp;
    double s = 0.0;
    for (int k = colPtr[j] + lane; k < colPtr[j + 1]; k += 32) {
        s += vals[k] * r[rowIdx[k]];
    }
    for (int o = 16; o > 0; o >>= 1) {
        s += __shfl_down_sync(0xffffffffu, s, o);
    }
    if (lane == 0) {
        out[warp] = s;
    }
}

// r -= x_j * delta[i] for j = cols[i], i < n. Columns of one commit may share rows: atomic adds.
__global__ void csc_axpy(const int* colPtr, const int* rowIdx, const double* vals, double* r,
                         const int* cols, const double* delta, int n) {
    int warp = (blockIdx.x * blockDim.x + threadIdx.x) >> 5;
    int lane = threadIdx.x & 31;
    if (warp >= n) {
        return;
    }
    int j = cols[warp];
    double d = delta[warp];
    for (int k = colPtr[j] + lane; k < colPtr[j + 1]; k += 32) {
        atomicAdd(&r[rowIdx[k]], -vals[k] * d);
    }
}

// Per block: partial sums of r^T r and r^T y into out[2 * blockIdx.x], out[2 * blockIdx.x + 1]
// (summed on the host in block order, so the result does not depend on scheduling).
__global__ void rr_ry(const double* r, const double* y, int m, double* out) {
    __shared__ double srr[256];
    __shared__ double sry[256];
    double a = 0.0;
    double b = 0.0;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < m; i += blockDim.x * gridDim.x) {
        a += r[i] * r[i];
        b += r[i] * y[i];
    }
    srr[threadIdx.x] = a;
    sry[threadIdx.x] = b;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) {
            srr[threadIdx.x] += srr[threadIdx.x + s];
            sry[threadIdx.x] += sry[threadIdx.x + s];
        }
        __syncthreads();
    }
    if (threadIdx.x == 0) {
        out[2 * blockIdx.x] = srr[0];
        out[2 * blockIdx.x + 1] = sry[0];
    }
}

}

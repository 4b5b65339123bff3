// Strads4J MF kernels: CCD++ (Yu, Hsieh, Si and Dhillon, ICDM 2012) over a worker's row block (CSR)
// and column block (CSC) of the ratings, whose residuals stay on the device across rounds; only the
// factor columns a call needs and the block's new values cross the bus. See CcdKernel.java for the
// loops these reproduce and org.strads4j.kernel.Gpu for how they are compiled and loaded.
//
// Every product and sum is an explicitly rounded IEEE double operation (__dmul_rn, __dadd_rn,
// __dsub_rn, __ddiv_rn), which nvcc never contracts into a fused multiply-add, and each row's
// entries are summed in the order of the Java loop: the results are bit-identical to CcdKernel's.

extern "C" {

// One thread per block row r < rows, its entries in order (CcdKernel.solve):
//   num = sum rhat_k * other[idx_k], den = sum other[idx_k]^2 + lambda * c_r,
//   out[r] = den > 0 ? num / den : 0, and 0 for a row without entries;
// c_r = 1 (plain) or the row's number of entries (weighted).
__global__ void ccd_solve(const int* ptr, const int* idx, const double* rhat, const double* other, int rows,
                          double lambda, int weighted, double* out) {
    int r = blockIdx.x * blockDim.x + threadIdx.x;
    if (r >= rows) {
        return;
    }
    int start = ptr[r];
    int end = ptr[r + 1];
    if (start == end) {
        out[r] = 0.0;
        return;
    }
    double num = 0.0;
    double den = 0.0;
    for (int k = start; k < end; k++) {
        double vj = other[idx[k]];
        num = __dadd_rn(num, __dmul_rn(rhat[k], vj));
        den = __dadd_rn(den, __dmul_rn(vj, vj));
    }
    double c = weighted ? (double) (end - start) : 1.0;
    den = __dadd_rn(den, __dmul_rn(lambda, c));
    out[r] = den > 0.0 ? __ddiv_rn(num, den) : 0.0;
}

// resid_k += rowSide[first + r] * idxSide[idx_k] (or -= with subtract) over the block's rows r < rows
// (CcdKernel.addOuter / subtractOuter). One warp per row, its lanes striding over the row's entries:
// every entry belongs to one row and is updated once, so no atomics and no order to keep.
__global__ void ccd_outer(const int* ptr, const int* idx, double* resid, int rows, int first,
                          const double* rowSide, const double* idxSide, int subtract) {
    int r = (blockIdx.x * blockDim.x + threadIdx.x) >> 5;
    int lane = threadIdx.x & 31;
    if (r >= rows) {
        return;
    }
    double a = rowSide[first + r];
    int end = ptr[r + 1];
    if (subtract) {
        for (int k = ptr[r] + lane; k < end; k += 32) {
            resid[k] = __dsub_rn(resid[k], __dmul_rn(a, idxSide[idx[k]]));
        }
    } else {
        for (int k = ptr[r] + lane; k < end; k += 32) {
            resid[k] = __dadd_rn(resid[k], __dmul_rn(a, idxSide[idx[k]]));
        }
    }
}

}

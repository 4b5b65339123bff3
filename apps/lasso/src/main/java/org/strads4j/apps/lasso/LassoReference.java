package org.strads4j.apps.lasso;

import java.util.List;
import java.util.Optional;

/**
 * The reference optima of the shared Lasso data sets, from {@code shared/reference/RESULTS.md}
 * (scikit-learn 1.2.1 at tol 1e-12, duality gap <= 2e-9; glmnet agrees to 11 digits), with
 * sklearn's solve times on the reference machine. Used by the quality tests and the benchmark.
 *
 * @param dataset          file name without {@code .svm}
 * @param ratio            lambda / lambda_max
 * @param objective        the optimum
 * @param nnz              nonzeros at the optimum
 * @param sklearnTight     sklearn seconds at tol 1e-12
 * @param sklearnDefault   sklearn seconds at tol 1e-4
 */
public record LassoReference(String dataset, double ratio, double objective, int nnz, double sklearnTight,
                             double sklearnDefault) {

    /** Every row of the RESULTS.md Lasso table. */
    public static final List<LassoReference> ALL = List.of(
            new LassoReference("diabetes", 0.1, 1807.16529264, 5, 0.001, 0.000),
            new LassoReference("diabetes", 0.01, 1482.11188391, 8, 0.001, 0.000),
            new LassoReference("meats_fat", 0.1, 59.4537140548, 2, 0.103, 0.020),
            new LassoReference("meats_fat", 0.01, 15.0255030121, 3, 0.713, 0.431),
            new LassoReference("westbc_nodal", 0.1, 0.163071233854, 38, 0.152, 0.027),
            new LassoReference("westbc_nodal", 0.01, 0.0190884030568, 48, 0.899, 0.176),
            new LassoReference("finefoods_train", 0.1, 0.398053338315, 74, 0.014, 0.004),
            new LassoReference("finefoods_train", 0.01, 0.269617688908, 972, 0.170, 0.052));

    /** The reference for a data set and ratio, if RESULTS.md has one. */
    public static Optional<LassoReference> find(String dataset, double ratio) {
        for (LassoReference r : ALL) {
            if (r.dataset.equals(dataset) && Math.abs(r.ratio - ratio) < 1e-12) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}

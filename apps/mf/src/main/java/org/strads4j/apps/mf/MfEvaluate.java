package org.strads4j.apps.mf;

import java.util.LinkedHashMap;
import java.util.Map;
import org.strads4j.api.EvaluatePlugin;
import org.strads4j.api.CoordinatorContext;
import org.strads4j.api.Evaluation;
import org.strads4j.api.WorkerContext;
import org.strads4j.kernel.Device;

/**
 * The MF objective {@code sum_train r_ij^2 + lambda (sum_i c_i |w_i|^2 + sum_j c_j |h_j|^2)}, the
 * training and test RMSE, and the outer iteration. Each worker sums its row block's residuals,
 * the regulariser of its own users and items, and the test errors of its users (predicted from its
 * up-to-date factor copies); the coordinator adds the partials in worker order. Never reports
 * convergence: MF runs a fixed number of iterations, like the references.
 */
final class MfEvaluate implements EvaluatePlugin {
    private static final long serialVersionUID = 1L;

    private final int rank;
    private final double lambda;
    private final Regularizer reg;
    private final long trainSize;
    private final long roundsPerIteration;
    /** Where the worker's {@link MfKernel} runs, should an evaluation come before its first round. */
    private final Device device;

    MfEvaluate(int rank, double lambda, Regularizer reg, long trainSize, long roundsPerIteration, Device device) {
        this.rank = rank;
        this.lambda = lambda;
        this.reg = reg;
        this.trainSize = trainSize;
        this.roundsPerIteration = roundsPerIteration;
        this.device = device;
    }

    /** For {@link #combine} alone ({@link LocalFactors.Evaluate}): its partials never make a kernel on a GPU. */
    MfEvaluate(int rank, double lambda, Regularizer reg, long trainSize, long roundsPerIteration) {
        this(rank, lambda, reg, trainSize, roundsPerIteration, Device.CPU);
    }

    /** Partial: {squared train error, user regulariser, item regulariser, squared test error, test count}. */
    @Override
    public double[] partial(WorkerContext ctx) {
        MfShard s = ctx.shard(MfShard.class);
        MfState st = MfUpdate.state(ctx, rank);
        double sq = squaredError(s, st, MfKernel.of(ctx, device, rank).rowResidual());
        double regW = regularizer(s.rowPtr(), s.userFrom(), st.w, st.users);
        double regH = regularizer(s.colPtr(), s.itemFrom(), st.h, st.items);
        double test = 0;
        int[] tu = s.testUser();
        int[] ti = s.testItem();
        double[] tv = s.testValue();
        for (int k = 0; k < tu.length; k++) {
            double pred = 0;
            for (int t = 0; t < rank; t++) {
                pred += st.w[t * st.users + tu[k]] * st.h[t * st.items + ti[k]];
            }
            double e = tv[k] - pred;
            test += e * e;
        }
        return new double[] {sq, regW, regH, test, tu.length};
    }

    /** Sum of squared training residuals of the row block, the open feature taken out on the fly. */
    private static double squaredError(MfShard s, MfState st, double[] r) {
        double sq = 0;
        if (st.open < 0) {
            for (double e : r) {
                sq += e * e;
            }
            return sq;
        }
        double[] u = st.column(FactorKeys.W, st.open);
        double[] v = st.column(FactorKeys.H, st.open);
        int[] ptr = s.rowPtr();
        int[] idx = s.rowItem();
        for (int row = 0; row < ptr.length - 1; row++) {
            double ui = u[s.userFrom() + row];
            for (int k = ptr[row]; k < ptr[row + 1]; k++) {
                double e = r[k] - ui * v[idx[k]];
                sq += e * e;
            }
        }
        return sq;
    }

    private double regularizer(int[] ptr, int first, double[] factors, int n) {
        double sum = 0;
        for (int r = 0; r < ptr.length - 1; r++) {
            double c = reg.weight(ptr[r + 1] - ptr[r]);
            double norm = 0;
            for (int t = 0; t < rank; t++) {
                double f = factors[t * n + first + r];
                norm += f * f;
            }
            sum += c * norm;
        }
        return sum;
    }

    @Override
    public Evaluation combine(long round, double[][] partials, CoordinatorContext ctx) {
        double sq = 0;
        double regSum = 0;
        double test = 0;
        double testCount = 0;
        for (double[] p : partials) {
            sq += p[0];
            regSum += p[1] + p[2];
            test += p[3];
            testCount += p[4];
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("iteration", (double) (round / roundsPerIteration));
        m.put("trainRmse", Math.sqrt(sq / trainSize));
        if (testCount > 0) {
            m.put("testRmse", Math.sqrt(test / testCount));
        }
        return new Evaluation(sq + lambda * regSum, m, false);
    }
}

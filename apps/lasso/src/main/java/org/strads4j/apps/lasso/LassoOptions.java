package org.strads4j.apps.lasso;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.strads4j.api.BadInputException;
import org.strads4j.api.JobSpec;
import org.strads4j.schedule.CoordinateSchedule.Order;

/**
 * The Lasso hyperparameters, validated in one place; read from a {@link JobSpec}'s parameters.
 *
 * @param data            the LIBSVM file, or null for the bundled data set
 * @param lambda          the absolute L1 weight, or null to use {@code lambdaRatio}
 * @param lambdaRatio     lambda as a fraction of lambda_max (used when lambda is null)
 * @param scheduler       how coordinates are picked
 * @param blockSize       the most coordinates per round (U)
 * @param candidates      candidates drawn per round (U')
 * @param maxGroup        the most interfering coordinates solved jointly (1 = drop them, as in the paper)
 * @param rho             the largest column correlation between independently updated coordinates
 * @param eta             priority floor as a fraction of the mean priority
 * @param targetObjective stop once the objective is at most this (benchmarks); 0 = off
 * @param activeSetMax    the largest working set ({@link WorkingSets}) solved after an evaluation;
 *                        0 = scheduled rounds only
 * @param path            solve a regularisation path of this many lambdas, from lambda_max down to
 *                        lambda evenly on a log scale, each warm-started from the last; 0 = lambda alone
 */
public record LassoOptions(Path data, Double lambda, double lambdaRatio, Order scheduler, int blockSize,
                           int candidates, int maxGroup, double rho, double eta, double targetObjective,
                           int activeSetMax, int path) {

    public static final double DEFAULT_LAMBDA_RATIO = 0.01;
    public static final int DEFAULT_BLOCK_SIZE = 64;
    public static final int DEFAULT_MAX_GROUP = 16;
    public static final double DEFAULT_RHO = 0.1;
    public static final double DEFAULT_ETA = 0.1;
    public static final int DEFAULT_ACTIVE_SET_MAX = 100_000;
    /** The longest path. */
    public static final int MAX_PATH = 1000;

    public LassoOptions {
        if (lambda != null && !(lambda > 0 && Double.isFinite(lambda))) {
            throw new BadInputException("Invalid --lambda: " + lambda + " (must be > 0)");
        }
        if (!(lambdaRatio > 0 && lambdaRatio <= 1)) {
            throw new BadInputException("Invalid --lambda-ratio: " + lambdaRatio + " (must be in (0, 1])");
        }
        if (blockSize < 1) {
            throw new BadInputException("Invalid --block-size: " + blockSize + " (must be at least 1)");
        }
        if (candidates < blockSize) {
            throw new BadInputException("Invalid --candidates: " + candidates + " (must be >= --block-size " + blockSize + ")");
        }
        if (maxGroup < 1) {
            throw new BadInputException("Invalid --max-group: " + maxGroup + " (must be at least 1)");
        }
        if (!(rho >= 0 && rho <= 1)) {
            throw new BadInputException("Invalid --rho: " + rho + " (must be in [0, 1])");
        }
        if (!(eta > 0 && Double.isFinite(eta))) {
            throw new BadInputException("Invalid --eta: " + eta + " (must be > 0)");
        }
        if (activeSetMax < 0) {
            throw new BadInputException("Invalid --active-set-max: " + activeSetMax + " (must be >= 0)");
        }
        if (path != 0 && (path < 2 || path > MAX_PATH)) {
            throw new BadInputException("Invalid --path: " + path + " (0 for lambda alone, or 2.." + MAX_PATH
                    + " lambdas from lambda_max down to lambda)");
        }
        if (!(targetObjective >= 0)) {
            throw new BadInputException("Invalid target objective: " + targetObjective);
        }
    }

    /** The options in a spec's parameters, with the defaults for those absent. */
    public static LassoOptions from(JobSpec spec) {
        String data = spec.param("data", (String) null);
        Double lambda = spec.has("lambda") ? spec.param("lambda", 0.0) : null;
        int blockSize = (int) spec.param("blockSize", (long) DEFAULT_BLOCK_SIZE);
        return new LassoOptions(data == null ? null : Path.of(data), lambda,
                spec.param("lambdaRatio", DEFAULT_LAMBDA_RATIO),
                Order.parse(spec.param("scheduler", "priority")),
                blockSize,
                (int) spec.param("candidates", 2L * blockSize),
                (int) spec.param("maxGroup", (long) DEFAULT_MAX_GROUP),
                spec.param("rho", DEFAULT_RHO),
                spec.param("eta", DEFAULT_ETA),
                spec.param("targetObjective", 0.0),
                (int) spec.param("activeSetMax", (long) DEFAULT_ACTIVE_SET_MAX),
                (int) spec.param("path", 0L));
    }

    /**
     * These options by name, as they go into the provenance (a JSON object): {@code data} (the
     * path as given, or null for the bundled set), {@code lambda} (null when {@code lambdaRatio}
     * sets it), {@code lambdaRatio}, {@code scheduler}, {@code blockSize}, {@code candidates},
     * {@code maxGroup}, {@code rho}, {@code eta}, {@code targetObjective}, {@code activeSetMax}, {@code path}.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data == null ? null : data.toString());
        m.put("lambda", lambda);
        m.put("lambdaRatio", lambdaRatio);
        m.put("scheduler", scheduler.label());
        m.put("blockSize", blockSize);
        m.put("candidates", candidates);
        m.put("maxGroup", maxGroup);
        m.put("rho", rho);
        m.put("eta", eta);
        m.put("targetObjective", targetObjective);
        m.put("activeSetMax", activeSetMax);
        m.put("path", path);
        return m;
    }

    /**
     * The lambdas of the path, largest first, ending at {@link #lambda(double)}; just that one
     * without a path.
     */
    public double[] lambdas(double lambdaMax) {
        double last = lambda(lambdaMax);
        if (path == 0) {
            return new double[] {last};
        }
        double[] l = new double[path];
        double ratio = last / lambdaMax;
        for (int k = 0; k < path; k++) {
            l[k] = lambdaMax * Math.pow(ratio, (double) k / (path - 1));
        }
        l[path - 1] = last;
        return l;
    }

    /** The L1 weight for a problem with this lambda_max. */
    public double lambda(double lambdaMax) {
        return lambda != null ? lambda : lambdaRatio * lambdaMax;
    }
}

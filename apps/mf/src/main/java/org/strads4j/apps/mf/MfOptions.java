package org.strads4j.apps.mf;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.strads4j.api.BadInputException;
import org.strads4j.api.JobSpec;

/**
 * The hyperparameters and inputs of an MF job, validated in one place.
 *
 * @param train      training ratings file, or {@code null} for the bundled synthetic set
 * @param test       test ratings file, or {@code null} (no test RMSE, or the synthetic split)
 * @param rank       factor rank k (at least 1)
 * @param lambda     regularisation weight (finite, at least 0)
 * @param reg        which regulariser {@code lambda} multiplies
 * @param iterations outer CCD++ iterations: each updates all k features once (at least 1)
 * @param inner      inner iterations per feature: alternating u_t / v_t updates (at least 1)
 */
public record MfOptions(Path train, Path test, int rank, double lambda, Regularizer reg, int iterations, int inner) {

    /** Defaults: rank 10, lambda 0.1, weighted, 20 iterations, 5 inner iterations (LIBPMF's default T). */
    public static final int DEFAULT_RANK = 10;
    public static final double DEFAULT_LAMBDA = 0.1;
    public static final String DEFAULT_REG = "weighted";
    public static final int DEFAULT_ITERATIONS = 20;
    public static final int DEFAULT_INNER = 5;

    public MfOptions {
        if (rank < 1) {
            throw new BadInputException("Invalid --rank: " + rank + " (must be at least 1)");
        }
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new BadInputException("Invalid --lambda: " + lambda + " (must be finite and >= 0)");
        }
        if (reg == null) {
            throw new BadInputException("Invalid --reg: null (must be plain or weighted)");
        }
        if (iterations < 1) {
            throw new BadInputException("Invalid --iterations: " + iterations + " (must be at least 1)");
        }
        if (inner < 1) {
            throw new BadInputException("Invalid --inner: " + inner + " (must be at least 1)");
        }
        if (2L * rank * inner > Integer.MAX_VALUE) {
            throw new BadInputException("Invalid --rank: " + rank + " (with --inner " + inner + ", 2 x rank x inner = "
                    + 2L * rank * inner + " rounds per iteration, more than " + Integer.MAX_VALUE + ")");
        }
        if (train == null && test != null) {
            throw new BadInputException("Invalid --test: " + test + " (needs --train)");
        }
    }

    /** Rounds of one outer iteration: one W round and one H round per feature and inner iteration. */
    public long roundsPerIteration() {
        return 2L * rank * inner;
    }

    /**
     * Rounds of one outer iteration under {@code schedule}: {@link #roundsPerIteration()} for
     * CCD++ (model-parallel), 1 for an ALS iteration (data-parallel), and
     * {@link SgdMf#CLOCKS_PER_EPOCH} clocks for an SGD epoch (param-server).
     */
    public long roundsPerIteration(String schedule) {
        return switch (schedule) {
            case JobSpec.DATA_PARALLEL -> 1;
            case JobSpec.PARAM_SERVER -> SgdMf.CLOCKS_PER_EPOCH;
            default -> roundsPerIteration();
        };
    }

    /** The job parameters that carry these options in a {@link JobSpec}. */
    public Map<String, Object> toParams() {
        Map<String, Object> p = new LinkedHashMap<>();
        if (train != null) {
            p.put("train", train.toString());
        }
        if (test != null) {
            p.put("test", test.toString());
        }
        p.put("rank", rank);
        p.put("lambda", lambda);
        p.put("reg", reg.label());
        p.put("iterations", iterations);
        p.put("inner", inner);
        return p;
    }

    /** The options carried by {@code spec}'s parameters, defaults for those absent. */
    public static MfOptions from(JobSpec spec) {
        String train = spec.param("train", (String) null);
        String test = spec.param("test", (String) null);
        return new MfOptions(train == null ? null : Path.of(train), test == null ? null : Path.of(test),
                intParam(spec, "rank", DEFAULT_RANK), spec.param("lambda", DEFAULT_LAMBDA),
                Regularizer.parse(spec.param("reg", DEFAULT_REG)),
                intParam(spec, "iterations", DEFAULT_ITERATIONS), intParam(spec, "inner", DEFAULT_INNER));
    }

    private static int intParam(JobSpec spec, String name, int dflt) {
        long v = spec.param(name, (long) dflt);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new BadInputException("Invalid --" + name + ": " + v + " (out of range)");
        }
        return (int) v;
    }
}

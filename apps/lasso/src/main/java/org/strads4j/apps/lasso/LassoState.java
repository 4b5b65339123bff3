package org.strads4j.apps.lasso;

import java.io.Serializable;
import org.strads4j.schedule.CoordinateSchedule;

/**
 * The coordinator's state of a Lasso job, the one object its plugins share
 * ({@link org.strads4j.api.CoordinatorContext#state}): the problem by column (for the dependency
 * check, the group solves and the line search), the coefficients' mirror with its recent commits,
 * and the coordinate schedule with its priorities. Serialisable, so the coordinator can run on any
 * node; the scratch space of the group solves is rebuilt where it runs.
 */
final class LassoState implements Serializable {
    private static final long serialVersionUID = 1L;

    final LassoData data;
    final LassoModel model;
    final CoordinateSchedule coordinates;
    /** The working sets of this job: their sizes, and what the evaluation before a solve measured. */
    final WorkingSets workingSets;
    /** The lambdas of the job, largest first (one without a path), and the index of the current one. */
    final double[] lambdas;
    int lambdaIndex;
    /** FISTA's state under {@code --schedule data-parallel}; null otherwise. */
    DataParallelLasso.Fista fista;
    /** The certified solutions of the lambdas done so far, along a path. */
    final java.util.List<PathPoint> path = new java.util.ArrayList<>();
    /** The coefficients as read back from the parameter cache once the job has stopped (results). */
    transient double[] coefficientsFromCache;
    private transient Scratch scratch;

    LassoState(LassoData data, LassoModel model, CoordinateSchedule coordinates, int workingSetCap, double[] lambdas) {
        this.data = data;
        this.model = model;
        this.coordinates = coordinates;
        this.workingSets = new WorkingSets(data.columns(), workingSetCap);
        this.lambdas = lambdas.clone();
    }

    /** Whether lambdas of the path remain after the current one. */
    boolean pathGoesOn() {
        return lambdaIndex < lambdas.length - 1;
    }

    /**
     * One certified point of a path: the lambda, what the evaluation measured there, and the
     * nonzero coefficients (0-based indices).
     */
    record PathPoint(double lambda, double objective, double dualityGap, long round, int[] index, double[] value)
            implements Serializable {
    }

    /** The aggregate's work arrays and group solver, made on first use on the coordinator's node. */
    Scratch scratch() {
        if (scratch == null) {
            scratch = new Scratch();
        }
        return scratch;
    }

    /** Work arrays of the group solves, grown as needed. */
    static final class Scratch {
        final GroupSolver solver = new GroupSolver();
        final GramCache grams = new GramCache();
        double[] gram = new double[1];
        double[] q = new double[1];
        double[] bg = new double[1];

        void ensure(int s) {
            if (gram.length < s * s) {
                gram = new double[s * s];
                q = new double[s];
                bg = new double[s];
            }
        }
    }
}

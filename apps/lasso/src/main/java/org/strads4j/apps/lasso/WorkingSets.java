package org.strads4j.apps.lasso;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The working sets and the screening of a Lasso job, decided on the coordinator after each
 * evaluation from the full gradient {@code X^T r} the workers just summed.
 *
 * <ul>
 *   <li><b>Gap Safe screening</b> (Ndiaye, Fercoq, Gramfort, Salmon, JMLR 2017): with the dual
 *       point {@code theta = r / max(n lambda, ||X^T r||_inf)} and the duality gap {@code G}, every
 *       zero coordinate with {@code |x_j^T theta| + ||x_j|| sqrt(2 n G) / (n lambda) < 1} is zero at
 *       the optimum: it is dropped for good, from the schedule and from every working set.</li>
 *   <li><b>Working sets</b> (celer; Massias, Gramfort, Salmon, ICML 2018): the support plus the
 *       zero coordinates nearest to violating their optimality condition (smallest
 *       {@code (1 - |x_j^T theta|) / ||x_j||}), at least {@link #MIN_SIZE}, twice the support
 *       ({@link #FAST_GROWTH} times after a set the support filled), and never smaller than the
 *       last one, up to the cap {@code --active-set-max}. The next round
 *       solves that set jointly and exactly enough ({@link WorkingSetSolver}), and is evaluated at
 *       once. A support above the cap leaves the job to the scheduled rounds.</li>
 * </ul>
 */
final class WorkingSets implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The smallest working set. */
    static final int MIN_SIZE = 100;
    /**
     * How far a working-set solve drives the gap below the last evaluation's: celer uses 0.3; each
     * evaluation here is a distributed round, so a tighter solve pays (measured on finefoods at
     * 0.01 lambda_max: 0.3 took 20 rounds and 0.26 s, 0.03 took 11 rounds and 0.21 s).
     */
    static final double GAP_FACTOR = 0.03;
    /**
     * The support at an evaluation filling at least this share of the last set means the set was
     * too small for what wants to move: the next one grows {@link #FAST_GROWTH} times the support
     * instead of twice.
     */
    static final double FULL_SET = 0.8;
    /**
     * How much faster a set grows after a full one ({@link #grown}: never beyond n this way).
     * Measured alternately with sets of twice the support always (fourth session of 2026-12-03):
     * finefoods at 0.01 lambda_max took 5 rounds instead of 7 (3 in-process nodes 0.064 to 0.081 s
     * against 0.072 to 0.109 s, 1 node about the same); p = 1M at 0.1 took 7 rounds and 0.77 to
     * 0.86 s on 1 node against 10 and 1.05 to 1.11 s; at 0.01, 13 rounds against 16 in about the
     * same time (9.1 to 10.1 s against 8.3 to 10.3 s on 1 node, 10.3 to 10.5 s against 9.6 to
     * 10.0 s on 2). Without the bound n the 0.01 sets reached 17,884 coordinates three rounds
     * early and the solve took 10.7 to 13.2 s; growing 4 times always made it 34 s.
     */
    static final int FAST_GROWTH = 4;
    /** The smallest relative gap a solve aims at. */
    static final double NUMERICAL_FLOOR = 1e-13;

    private final int cap;
    private final boolean[] screened;
    private boolean started;
    private int screenedCount;
    private int lastSize;
    private int solves;
    /**
     * Whether every zero coordinate left out of the planned set satisfies its optimality condition
     * strictly ({@code |x_j^T r| < n lambda}) at the evaluation that planned it: then the set holds
     * all that still has to move, and its solve aims at the stopping target at once.
     */
    private boolean finalSet;

    /** The evaluation before the working-set round now planned, if any. */
    private boolean pending;
    private long evalCommits;
    private double evalRr;
    private double evalRy;
    private double evalGap;
    private double evalObjective;
    /** The planned working set, and its {@code x_j^T r} at the evaluation that chose it. */
    private int[] evalSet;
    private double[] evalGrad;

    /**
     * @param p   coordinates
     * @param cap the largest working set ({@code --active-set-max}); 0 = none (scheduled rounds only)
     */
    WorkingSets(int p, int cap) {
        this.screened = new boolean[p];
        this.cap = cap;
    }

    /**
     * Before the first round: at {@code b = 0} the residual is {@code y}, so the coordinator knows
     * the full gradient {@code X^T y} without asking the workers, and the job starts with a
     * working-set round instead of scheduled rounds until the first evaluation.
     */
    void planFirst(LassoState st) {
        if (started || cap <= 0) {
            return;
        }
        started = true;
        LassoData data = st.data;
        LassoModel model = st.model;
        int p = screened.length;
        double[] sum = new double[p + 2];
        double yy = 2 * data.rows() * data.nullObjective();
        sum[0] = yy;
        sum[1] = yy;
        System.arraycopy(data.xty(), 0, sum, 2, p);
        double gap = LassoEvaluate.dualityGap(sum, data.rows(), model.lambda, model.l1());
        plan(st, sum, gap, yy / (2.0 * data.rows()), false);
    }

    /**
     * After an evaluation: screens out the coordinates the gap proves to be zero at the optimum
     * and, unless the job has converged, asks for the next round to solve a working set.
     *
     * @param sum the evaluation's sums {@code [r^T r, r^T y, X^T r]}
     * @return whether the next round solves a working set
     */
    boolean plan(LassoState st, double[] sum, double gap, double objective, boolean converged) {
        started = true;
        if (cap <= 0) {
            return false;
        }
        int[] dropped = screen(st.model, st.data, sum, 2, gap);
        if (dropped.length > 0) {
            st.coordinates.drop(dropped);
        }
        if (converged) {
            return false;
        }
        int[] w = choose(st.model, st.data, sum, gap, objective, cap);
        if (w != null) {
            st.coordinates.scheduleJointly(w);
        }
        return w != null;
    }

    /**
     * A path stepped down to a smaller lambda: what was screened at the last one may now enter,
     * so screening starts afresh (and the schedule gets the coordinates back).
     */
    void newLambda(org.strads4j.schedule.CoordinateSchedule schedule) {
        Arrays.fill(screened, false);
        screenedCount = 0;
        schedule.undropAll();
    }

    /** Whether coordinate {@code j} is screened out (for the current lambda). */
    boolean screened(int j) {
        return screened[j];
    }

    /** How many coordinates are screened out. */
    int screenedCount() {
        return screenedCount;
    }

    /** How many working sets were solved. */
    int solves() {
        return solves;
    }

    /** The size of the last working set. */
    int lastSize() {
        return lastSize;
    }

    /**
     * Screens with the evaluation's gradient and gap.
     *
     * @param grad {@code X^T r} summed (at offset 2 of the evaluation's sums)
     * @return the coordinates newly screened out
     */
    int[] screen(LassoModel model, LassoData data, double[] grad, int offset, double gap) {
        double n = model.n;
        double alpha = n * model.lambda;
        double dualNorm = 0;
        int p = screened.length;
        for (int j = 0; j < p; j++) {
            dualNorm = Math.max(dualNorm, Math.abs(grad[offset + j]));
        }
        double denom = Math.max(alpha, dualNorm);
        double radius = Math.sqrt(2 * n * gap) / alpha;
        int[] out = new int[16];
        int k = 0;
        for (int j = 0; j < p; j++) {
            if (screened[j] || model.b[j] != 0) {
                continue;
            }
            double corr = Math.abs(grad[offset + j]) / denom;
            // a margin for the rounding in the sums: a coordinate at the boundary stays
            if (corr + Math.sqrt(data.normSq(j)) * radius < 1 - 1e-9) {
                screened[j] = true;
                screenedCount++;
                if (k == out.length) {
                    out = Arrays.copyOf(out, 2 * k);
                }
                out[k++] = j;
            }
        }
        return Arrays.copyOf(out, k);
    }

    /**
     * The next working set, or null when there is none to solve (the support exceeds the cap,
     * or every coordinate is screened out). Records what the solve's stopping rule needs.
     *
     * @param sum the evaluation's sums {@code [r^T r, r^T y, X^T r]}
     */
    int[] choose(LassoModel model, LassoData data, double[] sum, double gap, double objective, int cap) {
        int p = screened.length;
        double n = model.n;
        int support = 0;
        for (int j = 0; j < p; j++) {
            if (model.b[j] != 0) {
                support++;
            }
        }
        if (support > cap) {
            return null;
        }
        int size = (int) Math.min(cap, Math.max(Math.max(MIN_SIZE, grown(support, model.n)), lastSize));
        double dualNorm = n * model.lambda;
        for (int j = 0; j < p; j++) {
            dualNorm = Math.max(dualNorm, Math.abs(sum[2 + j]));
        }
        // the best zero coordinates by celer's distance to the constraint, in a bounded max-heap
        int want = size - support;
        int[] heap = new int[Math.max(want, 0)];
        double[] key = new double[heap.length];
        int h = 0;
        // the largest |x_j^T r| of the zero coordinates left out of the set
        double outside = 0;
        for (int j = 0; j < p; j++) {
            if (model.b[j] != 0) {
                continue;
            }
            double g = Math.abs(sum[2 + j]);
            if (screened[j] || data.normSq(j) == 0 || want <= 0) {
                outside = Math.max(outside, g);
                continue;
            }
            double d = (1 - g / dualNorm) / Math.sqrt(data.normSq(j));
            if (h < want) {
                heap[h] = j;
                key[h] = d;
                siftUp(heap, key, h++);
            } else if (d < key[0]) {
                outside = Math.max(outside, Math.abs(sum[2 + heap[0]]));
                heap[0] = j;
                key[0] = d;
                siftDown(heap, key, h);
            } else {
                outside = Math.max(outside, g);
            }
        }
        finalSet = outside < n * model.lambda;
        int[] w = new int[support + h];
        int k = 0;
        for (int j = 0; j < p; j++) {
            if (model.b[j] != 0) {
                w[k++] = j;
            }
        }
        System.arraycopy(heap, 0, w, k, h);
        Arrays.sort(w);
        if (w.length == 0) {
            return null;
        }
        lastSize = w.length;
        pending = true;
        evalSet = w;
        evalGrad = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            evalGrad[i] = sum[2 + w[i]];
        }
        evalCommits = model.commits();
        evalRr = sum[0];
        evalRy = sum[1];
        evalGap = gap;
        evalObjective = objective;
        return w;
    }

    /** How many times the support the next set holds: {@link #FAST_GROWTH} after a full set, else 2. */
    int growth(int support) {
        return lastSize > 0 && support >= FULL_SET * lastSize ? FAST_GROWTH : 2;
    }

    /**
     * The next set's size from the support: twice it, or up to {@link #growth} times it after a
     * full set, but fast growth never beyond {@code rows} (a Lasso support has at most n
     * coordinates).
     */
    long grown(int support, int rows) {
        long twice = 2L * support;
        return Math.max(twice, Math.min((long) growth(support) * support, rows));
    }

    /**
     * Called by the aggregate for a round of one group: true (once) when it is the working-set
     * round planned by the last evaluation.
     */
    boolean takePending() {
        boolean p = pending;
        pending = false;
        if (p) {
            solves++;
        }
        return p;
    }

    /**
     * The summed {@code x_j^T r} of {@code keys} when they are the pending working set and nothing
     * was committed since the evaluation that chose it: then the evaluation already summed what
     * the workers' partials would, and the round can be solved on the coordinator alone
     * ({@link org.strads4j.api.Assignment#onCoordinator}). Null otherwise.
     */
    double[] knownGradient(long[] keys, LassoModel model) {
        if (!pending || !evaluationCurrent(model) || evalSet == null || keys.length != evalSet.length) {
            return null;
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != evalSet[i]) {
                return null;
            }
        }
        return evalGrad.clone();
    }

    /** Whether the measurements of the last evaluation still describe the residual (nothing committed since). */
    boolean evaluationCurrent(LassoModel model) {
        return evalCommits == model.commits();
    }

    double evalRr() {
        return evalRr;
    }

    double evalRy() {
        return evalRy;
    }

    /**
     * The gap a working-set solve aims at: {@link #GAP_FACTOR} of the last gap, but never below
     * what convergence needs ({@code 0.3 * tolerance * objective}), nor below what double
     * precision can certify ({@link #NUMERICAL_FLOOR} of the objective: a job run with tolerance 0
     * to --max-rounds would otherwise chase gaps made of rounding). When the set holds every
     * coordinate that violated its optimality condition ({@link #finalSet}), it aims at what
     * convergence needs straight away: solving it in steps of {@link #GAP_FACTOR} cost an
     * evaluation each for about the same passes (finefoods at 0.01 lambda_max: 9 rounds became 7;
     * p = 1 million on 1 node: at 0.1, 13 rounds and 1.8 to 3.1 s became 10 and 1.4 to 1.6 s; at
     * 0.01, 20 rounds became 16 in about the same time, as the one long solve forgoes the screening
     * the evaluations between the steps did). The stop is still the evaluation's duality gap; a
     * set that was not final after all is followed by another.
     */
    double targetGap(double tolerance) {
        double aim = finalSet ? 0.0 : GAP_FACTOR * evalGap;
        return Math.max(Math.max(aim, 0.3 * tolerance * evalObjective), NUMERICAL_FLOOR * Math.abs(evalObjective));
    }

    private static void siftUp(int[] heap, double[] key, int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (key[parent] >= key[i]) {
                return;
            }
            swap(heap, key, i, parent);
            i = parent;
        }
    }

    private static void siftDown(int[] heap, double[] key, int size) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int big = i;
            if (l < size && key[l] > key[big]) {
                big = l;
            }
            if (r < size && key[r] > key[big]) {
                big = r;
            }
            if (big == i) {
                return;
            }
            swap(heap, key, i, big);
            i = big;
        }
    }

    private static void swap(int[] heap, double[] key, int a, int b) {
        int t = heap[a];
        heap[a] = heap[b];
        heap[b] = t;
        double d = key[a];
        key[a] = key[b];
        key[b] = d;
    }
}

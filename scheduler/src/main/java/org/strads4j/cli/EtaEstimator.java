package org.strads4j.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Estimates the time left in a run from its evaluations, and how far along it is.
 *
 * <p>Two estimates, of which the smaller is the answer:
 * <ul>
 *   <li>by rounds: the mean time per round so far times the rounds left to {@code maxRounds};</li>
 *   <li>by convergence, when the app stops on a measure falling to a target (the Lasso duality
 *       gap): such measures fall roughly geometrically, so the rate is fitted to {@code log(value)}
 *       over the later half of the run so far and extrapolated to {@code log(target)}.</li>
 * </ul>
 * Neither exists before two evaluations. While a measure is not yet seen falling, there is no
 * estimate (the rounds left to a maximum of a million say little about a run that converges).
 */
final class EtaEstimator {
    private final long maxRounds;
    private final List<double[]> points = new ArrayList<>();   // {seconds, round, log(value)}
    private double firstLog = Double.NaN;
    private double targetLog = Double.NaN;
    private double lastSeconds;
    private long lastRound;

    EtaEstimator(long maxRounds) {
        this.maxRounds = maxRounds;
    }

    /** Records an evaluation; {@code value} and {@code target} are NaN when the app has no measure. */
    void observe(double seconds, long round, double value, double target) {
        lastSeconds = seconds;
        lastRound = round;
        if (value > 0 && target > 0 && Double.isFinite(value) && Double.isFinite(target)) {
            double log = Math.log(value);
            if (Double.isNaN(firstLog)) {
                firstLog = log;
            }
            targetLog = Math.log(target);
            points.add(new double[] {seconds, round, log});
        }
    }

    /** Seconds left, or NaN when there is no estimate yet. */
    double secondsLeft() {
        double byRounds = lastRound > 0 && maxRounds > lastRound ? lastSeconds / lastRound * (maxRounds - lastRound)
                : lastRound >= maxRounds ? 0 : Double.NaN;
        double byConvergence = convergenceSecondsLeft();
        if (Double.isNaN(byConvergence)) {
            // with a measure to converge on, the rounds estimate alone says little: wait for the trend
            return points.isEmpty() ? byRounds : Double.NaN;
        }
        return Double.isNaN(byRounds) ? byConvergence : Math.min(byRounds, byConvergence);
    }

    private double convergenceSecondsLeft() {
        if (points.size() < 2) {
            return Double.NaN;
        }
        double[] last = points.get(points.size() - 1);
        if (last[2] <= targetLog) {
            return 0;
        }
        double[] ref = points.get(0);
        for (double[] p : points) {          // the first point of the later half of the run
            if (p[0] >= last[0] / 2) {
                ref = p;
                break;
            }
        }
        if (ref == last) {
            ref = points.get(points.size() - 2);
        }
        double dt = last[0] - ref[0];
        double slope = dt > 0 ? (last[2] - ref[2]) / dt : 0;
        if (!(slope < 0)) {
            return Double.NaN;
        }
        return (targetLog - last[2]) / slope;
    }

    /**
     * How far along the run is, in [0, 1]: for a measure and a target, the share of the way from
     * the first value to the target on a log scale; otherwise rounds over {@code maxRounds}.
     */
    double fraction() {
        if (!points.isEmpty() && firstLog > targetLog) {
            double now = points.get(points.size() - 1)[2];
            return clamp((firstLog - now) / (firstLog - targetLog));
        }
        return maxRounds > 0 ? clamp((double) lastRound / maxRounds) : 0;
    }

    private static double clamp(double x) {
        return Math.max(0, Math.min(1, x));
    }
}

package org.strads4j.api;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of an {@link EvaluatePlugin}: the objective, named metrics (printed, logged to
 * {@code metrics.jsonl} and copied into {@code summary.json}), whether the job has converged, and
 * optionally the convergence measure the app stops on with its target (shown in the progress
 * display, which estimates the time left from how fast the measure falls towards the target).
 *
 * <pre>{@code
 * return new Evaluation(objective, Map.of("dualityGap", gap), gap <= tol * objective)
 *         .withConvergence("dualityGap", gap, tol * objective);
 * }</pre>
 *
 * <p>Immutable and {@link Serializable} (a plain class, not a record, so that every Ignite
 * marshaller can carry it).
 */
public final class Evaluation implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double objective;
    private final LinkedHashMap<String, Double> metrics;
    private final boolean converged;
    private final String convergenceMeasure;
    private final double convergenceValue;
    private final double convergenceTarget;

    /**
     * @param objective the objective value
     * @param metrics   extra named figures, in print order (copied)
     * @param converged true when the app's own stopping rule holds (for example a duality gap)
     */
    public Evaluation(double objective, Map<String, Double> metrics, boolean converged) {
        this(objective, metrics, converged, null, Double.NaN, Double.NaN);
    }

    private Evaluation(double objective, Map<String, Double> metrics, boolean converged, String measure,
                       double value, double target) {
        this.objective = objective;
        this.metrics = new LinkedHashMap<>(Objects.requireNonNull(metrics, "metrics"));
        this.converged = converged;
        this.convergenceMeasure = measure;
        this.convergenceValue = value;
        this.convergenceTarget = target;
    }

    /** An evaluation with no extra metrics. */
    public static Evaluation of(double objective, boolean converged) {
        return new Evaluation(objective, Map.of(), converged);
    }

    /**
     * This evaluation with the measure the app stops on: the job converges once {@code value}
     * falls to {@code target} (for Lasso, the duality gap against tolerance x objective).
     */
    public Evaluation withConvergence(String measure, double value, double target) {
        return new Evaluation(objective, metrics, converged, Objects.requireNonNull(measure, "measure"), value, target);
    }

    /** The objective value (the engine also logs it every evaluation). */
    public double objective() {
        return objective;
    }

    /** Extra named figures, in print order (unmodifiable). */
    public Map<String, Double> metrics() {
        return Collections.unmodifiableMap(metrics);
    }

    /** True when the app's own stopping rule holds. */
    public boolean converged() {
        return converged;
    }

    /** A metric by name, or NaN. */
    public double metric(String name) {
        Double v = metrics.get(name);
        return v == null ? Double.NaN : v;
    }

    /** The name of the measure the app stops on, or null when it runs a fixed number of rounds. */
    public String convergenceMeasure() {
        return convergenceMeasure;
    }

    /** The current value of the convergence measure (NaN when there is none). */
    public double convergenceValue() {
        return convergenceValue;
    }

    /** The value the convergence measure must reach (NaN when there is none). */
    public double convergenceTarget() {
        return convergenceTarget;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Evaluation e && Double.compare(objective, e.objective) == 0
                && metrics.equals(e.metrics) && converged == e.converged
                && Objects.equals(convergenceMeasure, e.convergenceMeasure)
                && Double.compare(convergenceValue, e.convergenceValue) == 0
                && Double.compare(convergenceTarget, e.convergenceTarget) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(objective, metrics, converged, convergenceMeasure, convergenceValue, convergenceTarget);
    }

    @Override
    public String toString() {
        return "Evaluation[objective=" + objective + ", metrics=" + metrics + ", converged=" + converged
                + (convergenceMeasure == null ? "" : ", " + convergenceMeasure + "=" + convergenceValue
                        + " (target " + convergenceTarget + ")") + "]";
    }
}

package org.strads4j.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of an {@link EvaluatePlugin}: the objective, named metrics (printed, logged to
 * {@code metrics.jsonl} and copied into {@code summary.json}) and whether the job has converged.
 *
 * @param objective the objective value (the engine also watches its relative change)
 * @param metrics   extra named figures, in print order
 * @param converged true when the app's own stopping rule holds (for example a duality gap)
 */
public record Evaluation(double objective, Map<String, Double> metrics, boolean converged) {

    public Evaluation {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** An evaluation with no extra metrics. */
    public static Evaluation of(double objective, boolean converged) {
        return new Evaluation(objective, Map.of(), converged);
    }

    /** A metric by name, or NaN. */
    public double metric(String name) {
        Double v = metrics.get(name);
        return v == null ? Double.NaN : v;
    }
}

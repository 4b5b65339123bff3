package org.strads4j.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An immutable, validated job: which app, how it is executed, and the app's own parameters.
 * Read and written as JSON with Jackson ({@link #toJson()}, {@link #fromJson(String)}).
 *
 * <pre>{@code
 * JobSpec spec = JobSpec.defaults("lasso").withNodes(3).withParams(Map.of("lambdaRatio", 0.01));
 * String json = spec.toJson();
 * }</pre>
 *
 * @param app       the app's name (see {@link App#name()})
 * @param schedule  the execution schedule; {@code model-parallel} (STRADS rounds)
 * @param nodes     number of workers, one per server node (at least 1)
 * @param seed      the job seed; every random stream is derived from it
 * @param maxRounds the most rounds to run (at least 1)
 * @param tolerance the app's convergence tolerance (0 disables the convergence stop)
 * @param staleness how many rounds may be in flight beyond the one being committed (0 = none)
 * @param evalEvery evaluate (objective, convergence) every this many rounds (at least 1)
 * @param params    the app's parameters (numbers, strings, booleans), by name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobSpec(String app, String schedule, int nodes, long seed, long maxRounds,
                      double tolerance, int staleness, int evalEvery, Map<String, Object> params)
        implements Serializable {

    /** The only execution schedule so far. */
    public static final String MODEL_PARALLEL = "model-parallel";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public JobSpec {
        if (app == null || app.isBlank()) {
            throw new BadInputException("Invalid app: " + app);
        }
        if (schedule == null) {
            schedule = MODEL_PARALLEL;
        }
        if (!MODEL_PARALLEL.equals(schedule)) {
            throw new BadInputException("Invalid schedule: " + schedule + " (supported: " + MODEL_PARALLEL + ")");
        }
        if (nodes < 1) {
            throw new BadInputException("Invalid --nodes: " + nodes + " (must be at least 1)");
        }
        if (maxRounds < 1) {
            throw new BadInputException("Invalid --max-rounds: " + maxRounds + " (must be at least 1)");
        }
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new BadInputException("Invalid --tolerance: " + tolerance + " (must be finite and >= 0)");
        }
        if (staleness < 0) {
            throw new BadInputException("Invalid --staleness: " + staleness + " (must be >= 0)");
        }
        if (evalEvery < 1) {
            throw new BadInputException("Invalid --eval-every: " + evalEvery + " (must be at least 1)");
        }
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** The defaults for {@code app}: model-parallel, 1 node, seed 42, 100,000 rounds, tolerance 1e-9. */
    public static JobSpec defaults(String app) {
        return new JobSpec(app, MODEL_PARALLEL, 1, 42L, 100_000L, 1e-9, 0, 10, Map.of());
    }

    public JobSpec withNodes(int n) {
        return new JobSpec(app, schedule, n, seed, maxRounds, tolerance, staleness, evalEvery, params);
    }

    public JobSpec withSeed(long s) {
        return new JobSpec(app, schedule, nodes, s, maxRounds, tolerance, staleness, evalEvery, params);
    }

    public JobSpec withMaxRounds(long r) {
        return new JobSpec(app, schedule, nodes, seed, r, tolerance, staleness, evalEvery, params);
    }

    public JobSpec withTolerance(double t) {
        return new JobSpec(app, schedule, nodes, seed, maxRounds, t, staleness, evalEvery, params);
    }

    public JobSpec withStaleness(int s) {
        return new JobSpec(app, schedule, nodes, seed, maxRounds, tolerance, s, evalEvery, params);
    }

    public JobSpec withEvalEvery(int e) {
        return new JobSpec(app, schedule, nodes, seed, maxRounds, tolerance, staleness, e, params);
    }

    /** This spec with {@code extra} parameters added to (or replacing) the current ones. */
    public JobSpec withParams(Map<String, ?> extra) {
        Map<String, Object> merged = new LinkedHashMap<>(params);
        merged.putAll(extra);
        return new JobSpec(app, schedule, nodes, seed, maxRounds, tolerance, staleness, evalEvery, merged);
    }

    /** A parameter as a string, or {@code dflt} when absent. */
    public String param(String name, String dflt) {
        Object v = params.get(name);
        return v == null ? dflt : v.toString();
    }

    /** A numeric parameter, or {@code dflt} when absent. */
    public double param(String name, double dflt) {
        Object v = params.get(name);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(v.toString());
        } catch (NumberFormatException e) {
            throw new BadInputException("Invalid " + name + ": " + v + " (not a number)");
        }
    }

    /** An integer parameter, or {@code dflt} when absent. */
    public long param(String name, long dflt) {
        Object v = params.get(name);
        if (v == null) {
            return dflt;
        }
        double d = v instanceof Number n ? n.doubleValue() : param(name, (double) dflt);
        if (d != Math.rint(d)) {
            throw new BadInputException("Invalid " + name + ": " + v + " (not an integer)");
        }
        return (long) d;
    }

    /** True when the parameter is present. */
    public boolean has(String name) {
        return params.containsKey(name);
    }

    /** This spec as JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A spec from JSON; missing fields are an error of the JSON, invalid values a {@link BadInputException}. */
    public static JobSpec fromJson(String json) {
        try {
            return JSON.readValue(json, JobSpec.class);
        } catch (IOException e) {
            throw new BadInputException("Invalid job spec JSON: " + e.getMessage());
        }
    }
}

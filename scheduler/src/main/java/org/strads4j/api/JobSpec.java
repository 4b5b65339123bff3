package org.strads4j.api;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable, validated job: which app, how it is executed, and the app's own parameters.
 * Read and written as JSON with Jackson ({@link #toJson()}, {@link #fromJson(String)}), and
 * carried as it is by Ignite's marshaller to a cluster (a plain class, not a record: Ignite 2.17's
 * binary marshaller cannot build records). Stable: fields are only ever added.
 *
 * <pre>{@code
 * JobSpec spec = JobSpec.defaults("lasso").withNodes(3).withParams(Map.of("lambdaRatio", 0.01));
 * String json = spec.toJson();
 * }</pre>
 *
 * <p>Its fields, in JSON and in the constructor's order:
 * <ul>
 *   <li>{@code app}: the app's name (see {@link App#name()});</li>
 *   <li>{@code schedule}: the execution schedule: {@link #MODEL_PARALLEL} (STRADS rounds),
 *       {@link #DATA_PARALLEL} (bulk-synchronous rounds over all parameters) or
 *       {@link #PARAM_SERVER} (workers' own clocks against a parameter server, stale-synchronous);</li>
 *   <li>{@code nodes}: number of workers, one per server node (at least 1);</li>
 *   <li>{@code seed}: the job seed; every random stream is derived from it;</li>
 *   <li>{@code maxRounds}: the most rounds to run (at least 1);</li>
 *   <li>{@code tolerance}: the app's convergence tolerance (0 disables the convergence stop);</li>
 *   <li>{@code staleness}: under model-parallel, the pipeline depth: rounds in flight beyond the
 *       one being committed (0 = none); under param-server, the SSP bound: the most clocks a
 *       worker may run ahead of the slowest ({@link #UNBOUNDED} = asynchronous); 0 under
 *       data-parallel;</li>
 *   <li>{@code evalEvery}: evaluate (objective, convergence) every this many rounds (at least 1);</li>
 *   <li>{@code params}: the app's parameters (numbers, strings, booleans), by name;</li>
 *   <li>{@code backups}: copies of every partition of the job's caches beyond the primary; -1 (the
 *       default) for one when the job has more than one worker and they run in more than one
 *       process, none otherwise (nodes of one JVM fail together);</li>
 *   <li>{@code checkpointEvery}: checkpoint the job every this many rounds; 0 (the default) for
 *       about every 10 seconds when it has backups or a checkpoint directory, never otherwise.</li>
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class JobSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Scheduled model parallelism (STRADS): the coordinator picks the blocks of every round. */
    public static final String MODEL_PARALLEL = "model-parallel";
    /** Bulk-synchronous data parallelism: every worker updates all parameters from its shard each round. */
    public static final String DATA_PARALLEL = "data-parallel";
    /** A parameter server: each worker runs its own clocks, at most {@link #staleness()} ahead of the slowest. */
    public static final String PARAM_SERVER = "param-server";
    /** Every schedule, in the order {@code compare} runs them. */
    public static final java.util.List<String> SCHEDULES = java.util.List.of(MODEL_PARALLEL, DATA_PARALLEL, PARAM_SERVER);
    /** The param-server staleness of an asynchronous run (no bound between worker clocks). */
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final String app;
    private final String schedule;
    private final int nodes;
    private final long seed;
    private final long maxRounds;
    private final double tolerance;
    private final int staleness;
    private final int evalEvery;
    private final LinkedHashMap<String, Object> params;
    private final int backups;
    private final long checkpointEvery;

    /** A validated spec with the default backups and checkpoints; see the field list above. */
    public JobSpec(String app, String schedule, int nodes, long seed, long maxRounds, double tolerance, int staleness,
                   int evalEvery, Map<String, Object> params) {
        this(app, schedule, nodes, seed, maxRounds, tolerance, staleness, evalEvery, params, null, null);
    }

    /** A validated spec; see the field list above. Invalid values are a {@link BadInputException}. */
    @JsonCreator
    public JobSpec(@JsonProperty("app") String app, @JsonProperty("schedule") String schedule,
                   @JsonProperty("nodes") int nodes, @JsonProperty("seed") long seed,
                   @JsonProperty("maxRounds") long maxRounds, @JsonProperty("tolerance") double tolerance,
                   @JsonProperty("staleness") int staleness, @JsonProperty("evalEvery") int evalEvery,
                   @JsonProperty("params") Map<String, Object> params, @JsonProperty("backups") Integer backups,
                   @JsonProperty("checkpointEvery") Long checkpointEvery) {
        if (app == null || app.isBlank()) {
            throw new BadInputException("Invalid app: " + app);
        }
        if (schedule == null) {
            schedule = MODEL_PARALLEL;
        }
        if (!SCHEDULES.contains(schedule)) {
            throw new BadInputException("Invalid --schedule: " + schedule + " (one of " + String.join(", ", SCHEDULES) + ")");
        }
        if (DATA_PARALLEL.equals(schedule) && staleness != 0) {
            throw new BadInputException("Invalid --staleness: " + staleness + " (data-parallel rounds are barriers;"
                    + " stale-synchronous runs are --schedule param-server)");
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
        this.app = app;
        this.schedule = schedule;
        this.nodes = nodes;
        this.seed = seed;
        this.maxRounds = maxRounds;
        this.tolerance = tolerance;
        this.staleness = staleness;
        this.evalEvery = evalEvery;
        this.params = params == null ? new LinkedHashMap<>() : new LinkedHashMap<>(params);
        this.backups = backups == null ? -1 : backups;
        this.checkpointEvery = checkpointEvery == null ? 0 : checkpointEvery;
        if (this.backups < -1) {
            throw new BadInputException("Invalid --backups: " + this.backups + " (must be >= 0)");
        }
        if (this.checkpointEvery < 0) {
            throw new BadInputException("Invalid --checkpoint-every: " + this.checkpointEvery + " (must be >= 1)");
        }
    }

    /** Backups of the job's caches; -1 for the default (see the class doc). */
    public int backups() {
        return backups;
    }

    /** Checkpoint every this many rounds; 0 for the default (see the class doc). */
    public long checkpointEvery() {
        return checkpointEvery;
    }

    /** This spec with {@code b} backups (-1: the default). */
    public JobSpec withBackups(int b) {
        return new JobSpec(app, schedule, nodes, seed, maxRounds, tolerance, staleness, evalEvery, params, b,
                checkpointEvery);
    }

    /** This spec checkpointed every {@code rounds} rounds (0: the default). */
    public JobSpec withCheckpointEvery(long rounds) {
        return new JobSpec(app, schedule, nodes, seed, maxRounds, tolerance, staleness, evalEvery, params, backups,
                rounds);
    }

    /** The app's name (see {@link App#name()}). */
    public String app() {
        return app;
    }

    /** The execution schedule: {@link #MODEL_PARALLEL}, {@link #DATA_PARALLEL} or {@link #PARAM_SERVER}. */
    public String schedule() {
        return schedule;
    }

    /** Number of workers, one per server node. */
    public int nodes() {
        return nodes;
    }

    /** The job seed; every random stream is derived from it. */
    public long seed() {
        return seed;
    }

    /** The most rounds to run. */
    public long maxRounds() {
        return maxRounds;
    }

    /** The app's convergence tolerance (0 disables the convergence stop). */
    public double tolerance() {
        return tolerance;
    }

    /**
     * Under model-parallel, the pipeline depth (rounds in flight beyond the one being committed;
     * 0 = none); under param-server, the SSP bound (the most clocks a worker may run ahead of the
     * slowest; {@link #UNBOUNDED} = asynchronous); 0 under data-parallel.
     */
    public int staleness() {
        return staleness;
    }

    /** Evaluate every this many rounds. */
    public int evalEvery() {
        return evalEvery;
    }

    /** The app's parameters, by name (unmodifiable). */
    public Map<String, Object> params() {
        return Collections.unmodifiableMap(params);
    }

    /** The defaults for {@code app}: model-parallel, 1 node, seed 42, 100,000 rounds, tolerance 1e-9. */
    public static JobSpec defaults(String app) {
        return new JobSpec(app, MODEL_PARALLEL, 1, 42L, 100_000L, 1e-9, 0, 10, Map.of());
    }

    /** This spec under another schedule (see {@link #SCHEDULES}); data-parallel drops the staleness. */
    public JobSpec withSchedule(String sched) {
        int s = DATA_PARALLEL.equals(sched) ? 0 : staleness;
        return new JobSpec(app, sched, nodes, seed, maxRounds, tolerance, s, evalEvery, params, backups, checkpointEvery);
    }

    public JobSpec withNodes(int n) {
        return new JobSpec(app, schedule, n, seed, maxRounds, tolerance, staleness, evalEvery, params, backups, checkpointEvery);
    }

    public JobSpec withSeed(long s) {
        return new JobSpec(app, schedule, nodes, s, maxRounds, tolerance, staleness, evalEvery, params, backups, checkpointEvery);
    }

    public JobSpec withMaxRounds(long r) {
        return new JobSpec(app, schedule, nodes, seed, r, tolerance, staleness, evalEvery, params, backups, checkpointEvery);
    }

    public JobSpec withTolerance(double t) {
        return new JobSpec(app, schedule, nodes, seed, maxRounds, t, staleness, evalEvery, params, backups, checkpointEvery);
    }

    public JobSpec withStaleness(int s) {
        return new JobSpec(app, schedule, nodes, seed, maxRounds, tolerance, s, evalEvery, params, backups, checkpointEvery);
    }

    public JobSpec withEvalEvery(int e) {
        return new JobSpec(app, schedule, nodes, seed, maxRounds, tolerance, staleness, e, params, backups, checkpointEvery);
    }

    /** This spec with {@code extra} parameters added to (or replacing) the current ones. */
    public JobSpec withParams(Map<String, ?> extra) {
        Map<String, Object> merged = new LinkedHashMap<>(params);
        merged.putAll(extra);
        return new JobSpec(app, schedule, nodes, seed, maxRounds, tolerance, staleness, evalEvery, merged, backups, checkpointEvery);
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

    @Override
    public boolean equals(Object o) {
        return o instanceof JobSpec s && app.equals(s.app) && schedule.equals(s.schedule) && nodes == s.nodes
                && seed == s.seed && maxRounds == s.maxRounds && Double.compare(tolerance, s.tolerance) == 0
                && staleness == s.staleness && evalEvery == s.evalEvery && params.equals(s.params)
                && backups == s.backups && checkpointEvery == s.checkpointEvery;
    }

    @Override
    public int hashCode() {
        return Objects.hash(app, schedule, nodes, seed, maxRounds, tolerance, staleness, evalEvery, params, backups,
                checkpointEvery);
    }

    @Override
    public String toString() {
        return "JobSpec[app=" + app + ", schedule=" + schedule + ", nodes=" + nodes + ", seed=" + seed + ", maxRounds="
                + maxRounds + ", tolerance=" + tolerance + ", staleness=" + staleness + ", evalEvery=" + evalEvery
                + ", params=" + params + ", backups=" + backups + ", checkpointEvery=" + checkpointEvery + "]";
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

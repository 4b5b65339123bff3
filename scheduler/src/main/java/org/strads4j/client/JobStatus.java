package org.strads4j.client;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.strads4j.api.Evaluation;

/**
 * Where a submitted job stands, as the cluster's job registry (cache {@code strads-jobs}) holds it:
 * one immutable snapshot, replaced as the job goes on. Carried by Ignite's marshaller, so a plain
 * class. Stable: fields are only ever added.
 *
 * <p>States: {@code submitted} (registered, its coordinator not started yet), {@code running},
 * {@code done}, {@code failed}, {@code cancelled}. The last three are final.
 */
public final class JobStatus implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String SUBMITTED = "submitted";
    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    private final String id;
    private final String app;
    private final String state;
    private final long submittedAt;
    private final long updatedAt;
    private final String coordinatorNode;
    private final long round;
    private final long maxRounds;
    private final long updates;
    private final double seconds;
    private final double objective;
    private final LinkedHashMap<String, Double> metrics;
    private final String stopReason;
    private final String error;
    private final boolean badInput;

    private JobStatus(String id, String app, String state, long submittedAt, long updatedAt, String coordinatorNode,
                      long round, long maxRounds, long updates, double seconds, double objective,
                      Map<String, Double> metrics, String stopReason, String error, boolean badInput) {
        this.id = id;
        this.app = app;
        this.state = state;
        this.submittedAt = submittedAt;
        this.updatedAt = updatedAt;
        this.coordinatorNode = coordinatorNode;
        this.round = round;
        this.maxRounds = maxRounds;
        this.updates = updates;
        this.seconds = seconds;
        this.objective = objective;
        this.metrics = new LinkedHashMap<>(metrics);
        this.stopReason = stopReason;
        this.error = error;
        this.badInput = badInput;
    }

    /** A job just registered. */
    static JobStatus submitted(String id, String app, long maxRounds) {
        long now = System.currentTimeMillis();
        return new JobStatus(id, app, SUBMITTED, now, now, null, 0, maxRounds, 0, 0, Double.NaN, Map.of(), null, null,
                false);
    }

    /** The job's coordinator has started on {@code node}. */
    JobStatus running(String node) {
        return new JobStatus(id, app, RUNNING, submittedAt, System.currentTimeMillis(), node, round, maxRounds, updates,
                seconds, objective, metrics, null, null, false);
    }

    /** The latest evaluation. */
    JobStatus progress(long r, long u, double s, Evaluation e) {
        return new JobStatus(id, app, state, submittedAt, System.currentTimeMillis(), coordinatorNode, r, maxRounds, u, s,
                e.objective(), e.metrics(), stopReason, error, badInput);
    }

    /** Finished: {@code done} or, for stop reason {@code cancelled}, {@code cancelled}. */
    JobStatus finished(String reason) {
        return new JobStatus(id, app, "cancelled".equals(reason) ? CANCELLED : DONE, submittedAt,
                System.currentTimeMillis(), coordinatorNode, round, maxRounds, updates, seconds, objective, metrics, reason,
                null, false);
    }

    /** Failed, with the message; {@code bad} when the input or an option was the problem. */
    JobStatus failed(String message, boolean bad) {
        return new JobStatus(id, app, FAILED, submittedAt, System.currentTimeMillis(), coordinatorNode, round, maxRounds,
                updates, seconds, objective, metrics, null, message, bad);
    }

    public String id() {
        return id;
    }

    public String app() {
        return app;
    }

    /** submitted, running, done, failed or cancelled. */
    public String state() {
        return state;
    }

    /** True once the job will not change any more (done, failed or cancelled). */
    public boolean isFinal() {
        return DONE.equals(state) || FAILED.equals(state) || CANCELLED.equals(state);
    }

    /** When it was submitted, epoch milliseconds. */
    public long submittedAt() {
        return submittedAt;
    }

    /** When this snapshot was taken, epoch milliseconds. */
    public long updatedAt() {
        return updatedAt;
    }

    /** The consistent id of the server node running the coordinator, or null before it starts. */
    public String coordinatorNode() {
        return coordinatorNode;
    }

    /** Rounds committed at the latest evaluation. */
    public long round() {
        return round;
    }

    public long maxRounds() {
        return maxRounds;
    }

    public long updates() {
        return updates;
    }

    /** Solve seconds at the latest evaluation. */
    public double seconds() {
        return seconds;
    }

    /** The objective at the latest evaluation (NaN before the first). */
    public double objective() {
        return objective;
    }

    /** The app's metrics at the latest evaluation. */
    public Map<String, Double> metrics() {
        return Collections.unmodifiableMap(metrics);
    }

    /** Why a finished job stopped (converged, max-rounds, schedule-empty, cancelled), else null. */
    public String stopReason() {
        return stopReason;
    }

    /** Why a failed job failed, else null. */
    public String error() {
        return error;
    }

    /** True when a failed job failed on bad input or options (the command line exits 2). */
    public boolean badInput() {
        return badInput;
    }

    /** This status as a JSON-friendly map, for {@code strads status}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job", id);
        m.put("app", app);
        m.put("state", state);
        m.put("submitted", java.time.Instant.ofEpochMilli(submittedAt).toString());
        m.put("updated", java.time.Instant.ofEpochMilli(updatedAt).toString());
        if (coordinatorNode != null) {
            m.put("coordinatorNode", coordinatorNode);
        }
        m.put("round", round);
        m.put("maxRounds", maxRounds);
        m.put("updates", updates);
        m.put("seconds", seconds);
        if (!Double.isNaN(objective)) {
            m.put("objective", objective);
        }
        m.putAll(metrics);
        if (stopReason != null) {
            m.put("stopReason", stopReason);
        }
        if (error != null) {
            m.put("error", error);
            m.put("badInput", badInput);
        }
        return m;
    }

    @Override
    public String toString() {
        return "JobStatus" + toMap();
    }
}

package org.strads4j.api;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a finished job reports. Immutable, and carried as it is by Ignite's marshaller from the
 * cluster to a client (a plain class, not a record: Ignite 2.17's binary marshaller cannot build
 * records). Stable: fields are only ever added.
 */
public final class JobResult implements Serializable {
    private static final long serialVersionUID = 1L;

    private final JobSpec spec;
    private final long rounds;
    private final long updates;
    private final double seconds;
    private final Evaluation last;
    private final String stopReason;
    private final ArrayList<LinkedHashMap<String, Object>> metrics;
    private final long startEpochMillis;
    private final LinkedHashMap<String, Object> provenance;

    /**
     * @param spec       the job as submitted
     * @param rounds     rounds committed
     * @param updates    blocks updated, summed over rounds ({@link Assignment#blockCount()})
     * @param seconds    solve wall time: from the first dispatch to the last evaluation, without
     *                   cluster start and data loading
     * @param last       the final evaluation
     * @param stopReason why the job stopped: {@code converged}, {@code max-rounds},
     *                   {@code schedule-empty} or {@code cancelled}
     * @param metrics    one row per evaluation (round, seconds, objective, updates and the app's metrics)
     * @param startTime  when the solve started
     * @param provenance where the result came from (versions, data, node count, ...)
     */
    public JobResult(JobSpec spec, long rounds, long updates, double seconds, Evaluation last, String stopReason,
                     List<Map<String, Object>> metrics, Instant startTime, Map<String, Object> provenance) {
        this.spec = spec;
        this.rounds = rounds;
        this.updates = updates;
        this.seconds = seconds;
        this.last = last;
        this.stopReason = stopReason;
        this.metrics = new ArrayList<>(metrics.size());
        for (Map<String, Object> row : metrics) {
            this.metrics.add(new LinkedHashMap<>(row));
        }
        this.startEpochMillis = startTime.toEpochMilli();
        this.provenance = new LinkedHashMap<>(provenance);
    }

    /** The job as submitted. */
    public JobSpec spec() {
        return spec;
    }

    /** Rounds committed. */
    public long rounds() {
        return rounds;
    }

    /** Blocks updated, summed over rounds. */
    public long updates() {
        return updates;
    }

    /** Solve wall time in seconds: first dispatch to last evaluation. */
    public double seconds() {
        return seconds;
    }

    /** The final evaluation. */
    public Evaluation last() {
        return last;
    }

    /** Why the job stopped: converged, max-rounds, schedule-empty or cancelled. */
    public String stopReason() {
        return stopReason;
    }

    /** One row per evaluation, in order (unmodifiable). */
    public List<Map<String, Object>> metrics() {
        return Collections.unmodifiableList(metrics);
    }

    /** When the solve started. */
    public Instant startTime() {
        return Instant.ofEpochMilli(startEpochMillis);
    }

    /** Where the result came from (unmodifiable). */
    public Map<String, Object> provenance() {
        return Collections.unmodifiableMap(provenance);
    }

    @Override
    public String toString() {
        return "JobResult[app=" + spec.app() + ", rounds=" + rounds + ", stopReason=" + stopReason + ", objective="
                + (last == null ? "?" : last.objective()) + "]";
    }
}

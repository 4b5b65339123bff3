package org.strads4j.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a finished job reports.
 *
 * @param spec       the job as submitted
 * @param rounds     rounds committed
 * @param updates    blocks updated, summed over rounds ({@link Assignment#blockCount()})
 * @param seconds    solve wall time: from the first dispatch to the last evaluation, without
 *                   cluster start and data loading
 * @param last       the final evaluation
 * @param stopReason why the job stopped: {@code converged}, {@code max-rounds},
 *                   {@code schedule-empty} or {@code stalled}
 * @param metrics    one row per evaluation (round, seconds, objective, updates and the app's metrics)
 * @param startTime  when the solve started
 * @param provenance where the result came from (versions, data, node count, ...)
 */
public record JobResult(JobSpec spec, long rounds, long updates, double seconds, Evaluation last,
                        String stopReason, List<Map<String, Object>> metrics, Instant startTime,
                        Map<String, Object> provenance) {

    public JobResult {
        metrics = List.copyOf(metrics);
        provenance = Map.copyOf(provenance);
    }
}

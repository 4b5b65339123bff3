package org.strads4j.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.strads4j.api.Job;
import org.strads4j.api.JobResult;
import org.strads4j.api.ParamStore;
import org.strads4j.cluster.StradsCluster;
import org.strads4j.io.Json;
import org.strads4j.io.OutputDirectory;

/**
 * Runs a planned {@link Job} on a cluster under its schedule and writes its results.
 *
 * <pre>{@code
 * try (EmbeddedCluster cluster = EmbeddedCluster.start(3)) {
 *     Job job = app.plan(spec);
 *     Run run = JobRunner.run(cluster, job, RunListener.none(), Path.of("runs/out"));
 *     run.result().last().objective();
 * }
 * }</pre>
 */
public final class JobRunner {
    private JobRunner() {
    }

    /**
     * A finished run: the result, the app's summary fields, and the summary as written.
     *
     * @param result  the engine's result with provenance
     * @param summary the full {@code summary.json} content
     */
    public record Run(JobResult result, Map<String, Object> summary) {
    }

    /**
     * Deploys the job, runs it, and (when {@code outDir} is not null) writes {@code summary.json},
     * {@code metrics.jsonl} and the app's model files atomically into {@code outDir}.
     */
    public static Run run(StradsCluster cluster, Job job, RunListener listener, Path outDir) {
        Instant startTime = Instant.now();
        try (JobDeployment deployment = JobDeployment.deploy(cluster, job)) {
            ModelParallelEngine.Outcome o = new ModelParallelEngine(job, deployment, listener).run();
            JobResult result = new JobResult(job.spec(), o.rounds(), o.updates(), o.seconds(), o.last(),
                    o.stopReason(), o.metrics(), startTime, provenance(job, cluster, deployment, startTime));
            ParamStore<?> params = deployment.params();
            Map<String, Object> summary = summary(result, job.results().summarize(result, params));
            if (outDir != null) {
                write(outDir, result, summary, job, params);
            }
            return new Run(result, summary);
        }
    }

    private static Map<String, Object> provenance(Job job, StradsCluster cluster, JobDeployment d, Instant start) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spec", Json.mapper().convertValue(job.spec(), new TypeReference<Map<String, Object>>() { }));
        p.put("seed", job.spec().seed());
        p.put("schedule", job.spec().schedule());
        p.put("startTime", start.toString());
        p.put("cluster", cluster.description());
        p.put("workerNodes", d.workerNodes());
        p.put("kernels", "cpu (plain Java)");
        p.put("versions", Versions.all());
        p.putAll(job.provenance());
        return p;
    }

    private static Map<String, Object> summary(JobResult r, Map<String, Object> appFields) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("app", r.spec().app());
        s.put("schedule", r.spec().schedule());
        s.put("nodes", r.spec().nodes());
        s.put("rounds", r.rounds());
        s.put("updates", r.updates());
        s.put("seconds", r.seconds());
        s.put("objective", r.last().objective());
        s.put("stopReason", r.stopReason());
        s.putAll(appFields);
        for (Map.Entry<String, Object> m : jsonMetrics(r.last().metrics()).entrySet()) {
            s.putIfAbsent(m.getKey(), m.getValue());
        }
        s.put("provenance", r.provenance());
        return s;
    }

    /** Metrics as JSON values: whole numbers (counts, iterations) as integers, the rest as they are. */
    static Map<String, Object> jsonMetrics(Map<String, Double> metrics) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Double> m : metrics.entrySet()) {
            double v = m.getValue();
            out.put(m.getKey(), v == Math.rint(v) && Math.abs(v) < 1e15 ? (Object) (long) v : (Object) v);
        }
        return out;
    }

    private static void write(Path outDir, JobResult result, Map<String, Object> summary, Job job,
                              ParamStore<?> params) {
        try (OutputDirectory out = OutputDirectory.stage(outDir)) {
            Files.writeString(out.path().resolve("summary.json"), Json.pretty(summary) + "\n");
            StringBuilder lines = new StringBuilder();
            for (Map<String, Object> row : result.metrics()) {
                lines.append(Json.line(row)).append('\n');
            }
            Files.writeString(out.path().resolve("metrics.jsonl"), lines.toString());
            job.results().writeModel(result, params, out.path());
            out.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + outDir + ": " + e.getMessage(), e);
        }
    }
}

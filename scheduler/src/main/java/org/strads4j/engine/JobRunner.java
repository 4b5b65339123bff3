package org.strads4j.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
     * {@code metrics.jsonl} and the app's model files atomically into {@code outDir}, which must
     * not exist yet or be empty (see {@link OutputDirectory}).
     */
    public static Run run(StradsCluster cluster, Job job, RunListener listener, Path outDir) {
        if (outDir == null) {
            return runInto(cluster, job, listener, null);
        }
        try (OutputDirectory out = OutputDirectory.create(outDir, false)) {
            return runInto(cluster, job, listener, out);
        }
    }

    /**
     * Deploys the job, runs it, and (when {@code out} is not null) writes the results into its
     * staging directory and commits it. The caller made {@code out} before the job started, so a
     * target that cannot be written is refused before any work.
     */
    public static Run runInto(StradsCluster cluster, Job job, RunListener listener, OutputDirectory out) {
        Instant startTime = Instant.now();
        try (JobDeployment deployment = JobDeployment.deploy(cluster, job)) {
            ModelParallelEngine.Outcome o = new ModelParallelEngine(job, deployment, listener).run();
            JobResult result = new JobResult(job.spec(), o.rounds(), o.updates(), o.seconds(), o.last(),
                    o.stopReason(), o.metrics(), startTime, provenance(job, cluster, deployment, startTime));
            ParamStore<?> params = deployment.params();
            Map<String, Object> summary = summary(result, job, job.results().summarize(result, params));
            if (out != null) {
                listener.writing(out.target());
                write(out, result, summary, job, params);
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

    private static Map<String, Object> summary(JobResult r, Job job, Map<String, Object> appFields) {
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
        if (!job.warnings().isEmpty()) {
            s.put("warnings", job.warnings());
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

    /**
     * The pause between the model files and the summary that {@code -Dstrads.testing.writePauseMillis}
     * asks for: the interruption tests use it to signal a run while its results are being written.
     */
    private static void pauseForTesting() {
        long millis = Long.getLong("strads.testing.writePauseMillis", 0L);
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Writes the metrics and the model files, then {@code summary.json} last, listing every file of
     * the result in {@code provenance.outputs} (what marks the directory as a Strads4J result that
     * {@code --overwrite} may replace), and commits.
     */
    private static void write(OutputDirectory out, JobResult result, Map<String, Object> summary, Job job,
                              ParamStore<?> params) {
        try {
            StringBuilder lines = new StringBuilder();
            for (Map<String, Object> row : result.metrics()) {
                lines.append(Json.line(row)).append('\n');
            }
            Files.writeString(out.path().resolve("metrics.jsonl"), lines.toString());
            job.results().writeModel(result, params, out.path());
            pauseForTesting();
            List<String> outputs = new ArrayList<>();
            try (Stream<Path> files = Files.list(out.path())) {
                files.forEach(f -> outputs.add(f.getFileName().toString()));
            }
            outputs.add(OutputDirectory.SUMMARY);
            Collections.sort(outputs);
            Map<String, Object> withOutputs = new LinkedHashMap<>(summary);
            @SuppressWarnings("unchecked")
            Map<String, Object> provenance = new LinkedHashMap<>((Map<String, Object>) summary.get("provenance"));
            provenance.put("outputs", outputs);
            withOutputs.put("provenance", provenance);
            Files.writeString(out.path().resolve(OutputDirectory.SUMMARY), Json.pretty(withOutputs) + "\n");
            out.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + out.target() + ": " + e.getMessage(), e);
        }
    }
}

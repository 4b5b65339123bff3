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
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.strads4j.api.App;
import org.strads4j.api.Job;
import org.strads4j.api.JobResult;
import org.strads4j.api.JobSpec;
import org.strads4j.checkpoint.Checkpoint;
import org.strads4j.checkpoint.CheckpointDirectory;
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
     * Deploys the job, runs it with its coordinator in this JVM, and (when {@code out} is not null)
     * writes the results into its staging directory and commits it. The caller made {@code out}
     * before the job started, so a target that cannot be written is refused before any work.
     */
    public static Run runInto(StradsCluster cluster, Job job, RunListener listener, OutputDirectory out) {
        return runInto(cluster, job, listener, out, null, null);
    }

    /**
     * {@link #runInto(StradsCluster, Job, RunListener, OutputDirectory)}, checkpointed into
     * {@code checkpoints} when not null, and resumed from {@code resume} when not null (it must be
     * a checkpoint of this job: {@link Checkpoint#checkResumes}).
     */
    public static Run runInto(StradsCluster cluster, Job job, RunListener listener, OutputDirectory out,
                              CheckpointDirectory checkpoints, Checkpoint resume) {
        CoordinatorPlan plan = CoordinatorPlan.of(job);
        String inputs = Checkpoint.fingerprint(job.provenance());
        if (resume != null) {
            resume.checkResumes(job.spec(), inputs, "the checkpoint");
        }
        try (JobDeployment deployment = JobDeployment.deploy(cluster, job, plan)) {
            Checkpointing checkpointing = Checkpointing.of(deployment.backups() > 0, null, checkpoints, resume, inputs);
            Run run = execute(cluster.description(), plan, deployment, listener, () -> false, checkpointing,
                    out == null ? null : out.path(), out == null ? null : out.target());
            if (out != null) {
                try {
                    out.commit();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write results to " + out.target() + ": " + e.getMessage(), e);
                }
            }
            return run;
        }
    }

    /**
     * Runs a deployed job with its coordinator on this node, and writes its results (when
     * {@code dir} is not null) into {@code dir}: the metrics, the model files, then
     * {@code summary.json}. Whatever runs the coordinator (this JVM for an embedded run, a server
     * node for a submitted job) goes through here, so results do not depend on where it runs.
     *
     * @param cluster       the cluster's description, for the provenance
     * @param cancelled     polled between rounds; true stops the job after a final evaluation
     * @param checkpointing how the job is checkpointed, and what it resumes from
     * @param target        where the results will finally be, told to the listener
     */
    public static Run execute(String cluster, CoordinatorPlan plan, JobDeployment deployment, RunListener listener,
                              BooleanSupplier cancelled, Checkpointing checkpointing, Path dir, Path target) {
        checkSchedule(plan.spec());
        Instant startTime = Instant.now();
        ModelParallelEngine engine = new ModelParallelEngine(plan, deployment, listener, cancelled, checkpointing);
        ModelParallelEngine.Outcome o = engine.run();
        JobResult result = new JobResult(plan.spec(), o.rounds(), o.updates(), o.seconds(), o.last(),
                o.stopReason(), o.metrics(), startTime, provenance(plan, cluster, deployment, startTime));
        Map<String, Object> summary = summary(result, plan, plan.results().summarize(result, engine.context()));
        if (dir != null) {
            listener.writing(target);
            write(dir, result, summary, plan, engine.context());
        }
        return new Run(result, summary);
    }

    /**
     * Refuses a job whose app (when one of that name is on the class path) does not run under the
     * job's schedule ({@link App#checkSchedule}).
     */
    public static void checkSchedule(JobSpec spec) {
        for (App a : java.util.ServiceLoader.load(App.class)) {
            if (a.name().equals(spec.app())) {
                a.checkSchedule(spec);
                return;
            }
        }
    }

    private static Map<String, Object> provenance(CoordinatorPlan plan, String cluster, JobDeployment d, Instant start) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spec", Json.mapper().convertValue(plan.spec(), new TypeReference<Map<String, Object>>() { }));
        p.put("seed", plan.spec().seed());
        p.put("schedule", plan.spec().schedule());
        p.put("job", d.jobId());
        p.put("startTime", start.toString());
        p.put("cluster", cluster);
        p.put("workerNodes", d.workerNodes());
        p.put("backups", d.backups());
        p.put("kernels", kernels(d));
        p.put("versions", Versions.all());
        p.putAll(plan.provenance());
        // As JSON values (maps, lists, strings, numbers): what summary.json holds, and what Ignite's
        // marshaller carries when the result crosses to a client (it cannot build records).
        return Json.mapper().convertValue(p, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    /** One kernel for all workers as a string, else "node: kernel" per worker. */
    private static Object kernels(JobDeployment d) {
        List<String> k = d.kernels();
        if (k.stream().distinct().count() <= 1) {
            return k.isEmpty() ? "cpu (plain Java)" : k.get(0);
        }
        List<String> each = new java.util.ArrayList<>();
        List<String> nodes = d.workerNodes();
        for (int w = 0; w < k.size(); w++) {
            each.add("worker " + w + " on " + nodes.get(w) + ": " + k.get(w));
        }
        return each;
    }

    private static Map<String, Object> summary(JobResult r, CoordinatorPlan plan, Map<String, Object> appFields) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("app", r.spec().app());
        s.put("schedule", r.spec().schedule());
        if (JobSpec.PARAM_SERVER.equals(r.spec().schedule())) {
            s.put("staleness", r.spec().staleness() == JobSpec.UNBOUNDED ? "unbounded" : r.spec().staleness());
        }
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
        if (!plan.warnings().isEmpty()) {
            s.put("warnings", new ArrayList<>(plan.warnings()));
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
     * {@code --overwrite} may replace).
     */
    private static void write(Path dir, JobResult result, Map<String, Object> summary, CoordinatorPlan plan,
                              CoordinatorState ctx) {
        try {
            StringBuilder lines = new StringBuilder();
            for (Map<String, Object> row : result.metrics()) {
                lines.append(Json.line(row)).append('\n');
            }
            Files.writeString(dir.resolve("metrics.jsonl"), lines.toString());
            plan.results().writeModel(result, ctx, dir);
            pauseForTesting();
            List<String> outputs = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                files.forEach(f -> outputs.add(f.getFileName().toString()));
            }
            outputs.add(OutputDirectory.SUMMARY);
            Collections.sort(outputs);
            Map<String, Object> withOutputs = new LinkedHashMap<>(summary);
            @SuppressWarnings("unchecked")
            Map<String, Object> provenance = new LinkedHashMap<>((Map<String, Object>) summary.get("provenance"));
            provenance.put("outputs", outputs);
            withOutputs.put("provenance", provenance);
            Files.writeString(dir.resolve(OutputDirectory.SUMMARY), Json.pretty(withOutputs) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results: " + e.getMessage(), e);
        }
    }
}

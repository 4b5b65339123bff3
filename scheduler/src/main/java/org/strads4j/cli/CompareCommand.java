package org.strads4j.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.strads4j.api.App;
import org.strads4j.api.BadInputException;
import org.strads4j.api.Job;
import org.strads4j.api.JobResult;
import org.strads4j.api.JobSpec;
import org.strads4j.cluster.EmbeddedCluster;
import org.strads4j.engine.JobRunner;
import org.strads4j.engine.Versions;
import org.strads4j.io.Json;
import org.strads4j.io.OutputDirectory;
import org.strads4j.io.ShutdownCleanup;
import org.strads4j.kernel.Device;
import org.strads4j.kernel.Gpu;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code strads compare APP [the app's run options] --out DIR}: runs one job under every schedule
 * the app supports ({@link App#schedules()}, in that order), one after the other on one embedded
 * cluster of {@code --nodes} nodes, with the same seed, data and options, and writes side by side:
 * <ul>
 *   <li>{@code DIR/SCHEDULE/}: each run's own results, as {@code strads run --out} writes them
 *       ({@code summary.json}, {@code metrics.jsonl}, the model files);</li>
 *   <li>{@code DIR/objective-vs-seconds.png}, {@code DIR/objective-vs-updates.png}: the app's
 *       metric against solve seconds and against block updates, a line per schedule
 *       ({@link CompareCharts}: Lasso's objective as {@code objective - best} on a log scale, MF's
 *       {@code testRmse}, LDA's {@code logLikelihoodPerToken});</li>
 *   <li>{@code DIR/compare.json}, written last: {@code app}, {@code spec} (the job, without its
 *       schedule and staleness), {@code schedules}, {@code metric} (the value charted),
 *       {@code bestObjective}, {@code charts}, {@code chartY} (the y axis), {@code chartError} when
 *       they could not be drawn, and {@code runs}, one per schedule: {@code schedule},
 *       {@code staleness}, then either {@code dir}, {@code stopReason}, {@code rounds}, {@code updates},
 *       {@code seconds}, {@code objective}, the final value of {@code metric} and {@code metrics}
 *       (the run's rows) or {@code error}; and a {@code provenance} (start time, cluster,
 *       versions).</li>
 * </ul>
 * stdout gets a table (schedule, rounds, seconds, final metric, stop reason) and the directory.
 *
 * <p>{@code --out} is required and follows {@link OutputDirectory}'s rules: the whole comparison
 * is staged and moved into place in one rename. {@code --pipeline} applies to the model-parallel
 * run, {@code --staleness} is the param-server run's bound, and a data-parallel run has none;
 * {@code --schedule}, {@code --overwrite}, {@code --resume} and {@code --checkpoint-dir} are
 * refused. A schedule that fails is recorded with its error and the others still run: the exit
 * code is 0 when every schedule ran and the charts were drawn, 1 otherwise, and 2 for bad input or
 * options, before any node starts or file is written.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Run one job under each schedule the app supports, side by side.",
            "  strads compare APP [the app's run options] --out DIR",
            "On one embedded cluster, with the same seed, data and options. Writes DIR/compare.json,",
            "each run's results in DIR/SCHEDULE/, and the charts objective-vs-seconds.png and",
            "objective-vs-updates.png; prints a table. --pipeline is the model-parallel run's,",
            "--staleness the param-server run's bound. A schedule that fails is recorded, the",
            "others still run, and the exit code is 1."})
public final class CompareCommand implements Callable<Integer> {
    /** The file that describes a comparison; written last. */
    public static final String COMPARE_JSON = "compare.json";

    @Spec
    CommandSpec spec;

    /**
     * One schedule's run: its result, or the error that stopped it.
     *
     * @param spec   the job as run under the schedule
     * @param result the run's result; null when it failed
     * @param error  why it failed; null when it ran
     */
    record Outcome(JobSpec spec, JobResult result, String error) {
        boolean succeeded() {
            return error == null;
        }
    }

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        cl.getErr().println("strads compare: name an app: " + String.join(", ", cl.getSubcommands().keySet()));
        cl.usage(cl.getErr());
        return 2;
    }

    /**
     * Compares the schedules on the job {@code appName}'s run command describes; returns the exit
     * code.
     *
     * @throws BadInputException for bad options or data, before any node starts
     */
    int compare(String appName, JobCommand command, PrintStream out, PrintStream err) {
        ExecutionOptions exec = command.execution();
        List<JobSpec> specs = specs(appName, command);
        JobSpec base = specs.get(0);
        App app = App.named(appName);
        Device device = Device.of(base.params());
        if (device == Device.GPU) {
            Gpu.require();
        }
        Instant start = Instant.now();
        try (Progress progress = Progress.forCommand(exec.quiet, err);
             OutputDirectory dir = OutputDirectory.create(exec.out, false)) {
            long t0 = System.nanoTime();
            // planned before the nodes start, so that bad data is refused first; the first run takes it
            AtomicReference<Job> planned = new AtomicReference<>(app.plan(base));
            dir.checkInputs(JobLauncher.inputs(planned.get()));
            JobLauncher.noteDevice(app, device, progress);
            Set<String> warned = new HashSet<>();
            warn(planned.get(), warned, progress);
            progress.note(String.format(Locale.ROOT, "%s planned in %.2f s; starting %d Ignite node%s...", base.app(),
                    (System.nanoTime() - t0) / 1e9, base.nodes(), base.nodes() == 1 ? "" : "s"));
            List<Outcome> outcomes;
            String cluster;
            try (EmbeddedCluster nodes = EmbeddedCluster.start(base.nodes())) {
                cluster = nodes.description();
                outcomes = runAll(nodes, specs, planned, dir.path(), progress, warned);
            }
            Charts charts = drawCharts(dir.path(), base.app(), outcomes);
            String metric = CompareCharts.metric(rows(outcomes).values());
            Files.writeString(dir.path().resolve(COMPARE_JSON),
                    Json.pretty(report(base, outcomes, metric, charts, cluster, start)) + "\n");
            dir.commit();
            printTable(outcomes, metric, out);
            out.println("results in " + dir.target());
            out.flush();
            return reportFailures(outcomes, charts, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the comparison: " + e.getMessage(), e);
        }
    }

    /**
     * The job under each of {@code app}'s schedules, as the app's run command describes it with
     * {@code --schedule} set to each in turn (so that each spec gets the command's own checks):
     * model-parallel with {@code --pipeline}, data-parallel with no staleness, param-server with
     * {@code --staleness} as its bound. The command's options are as parsed again afterwards.
     *
     * @throws BadInputException naming the option, for what a comparison cannot do
     */
    static List<JobSpec> specs(String app, JobCommand command) {
        ExecutionOptions exec = command.execution();
        refuseOptions(exec);
        App a = App.named(app);
        if (exec.staleness != null && !a.schedules().contains(JobSpec.PARAM_SERVER)) {
            throw new BadInputException("Invalid --staleness: " + exec.staleness + " (compare gives it to param-server"
                    + " runs, and " + app + " has none; model-parallel's pipeline is --pipeline)");
        }
        String schedule = exec.schedule;
        Integer pipeline = exec.pipeline;
        String staleness = exec.staleness;
        List<JobSpec> specs = new ArrayList<>();
        try {
            for (String s : a.schedules()) {
                exec.schedule = s;
                exec.pipeline = JobSpec.MODEL_PARALLEL.equals(s) ? pipeline : null;
                exec.staleness = JobSpec.PARAM_SERVER.equals(s) ? staleness : null;
                exec.validate();
                specs.add(command.spec());
            }
        } finally {
            exec.schedule = schedule;
            exec.pipeline = pipeline;
            exec.staleness = staleness;
        }
        if (specs.isEmpty()) {
            throw new IllegalStateException(app + " lists no schedule to run under");
        }
        return specs;
    }

    /** Refuses the options a comparison cannot honour, before the app is looked up. */
    static void refuseOptions(ExecutionOptions exec) {
        if (exec.out == null) {
            throw new BadInputException("Invalid --out: compare needs --out DIR (it writes compare.json, the charts"
                    + " and a directory per schedule there)");
        }
        if (exec.overwrite) {
            throw new BadInputException("Invalid --overwrite: compare writes a new (or empty) directory; name one"
                    + " with --out");
        }
        if (!JobSpec.MODEL_PARALLEL.equals(exec.schedule)) {
            throw new BadInputException("Invalid --schedule: " + exec.schedule + " (compare runs every schedule the app"
                    + " supports; drop --schedule)");
        }
        if (exec.resume != null) {
            throw new BadInputException("Invalid --resume: compare runs every schedule from the start");
        }
        if (exec.checkpointDir != null) {
            throw new BadInputException("Invalid --checkpoint-dir: compare's runs would share it (their checkpoints"
                    + " still go to the cluster's backups)");
        }
    }

    /**
     * Runs every spec in turn on {@code cluster}, each into its own directory under {@code staging};
     * {@code planned} holds the first spec's job, planned before the nodes started, and is emptied
     * when that run takes it, so that no two jobs' data are held at once.
     */
    private static List<Outcome> runAll(EmbeddedCluster cluster, List<JobSpec> specs, AtomicReference<Job> planned,
                                        Path staging, Progress progress, Set<String> warned) {
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            JobSpec s = specs.get(i);
            progress.note(String.format(Locale.ROOT, "compare: %s under %s (%d of %d)", s.app(), s.schedule(), i + 1,
                    specs.size()));
            Outcome o = runOne(cluster, s, planned.getAndSet(null), staging, progress, warned);
            if (!o.succeeded()) {
                progress.warn(s.schedule() + " failed: " + o.error() + (i + 1 < specs.size()
                        ? "; going on with the other schedules" : ""));
            }
            outcomes.add(o);
        }
        return outcomes;
    }

    /**
     * Plans (unless {@code job} is given) and runs {@code spec} into {@code staging/SCHEDULE}; a
     * failure becomes the outcome's error, unless the command is being stopped by a signal.
     */
    private static Outcome runOne(EmbeddedCluster cluster, JobSpec spec, Job job, Path staging, Progress progress,
                                  Set<String> warned) {
        try (OutputDirectory sub = OutputDirectory.create(staging.resolve(spec.schedule()), false)) {
            Job j = job != null ? job : App.named(spec.app()).plan(spec);
            warn(j, warned, progress);
            JobRunner.Run run = JobRunner.runInto(cluster, j, progress.job(spec.app() + " " + spec.schedule(), spec),
                    sub);
            return new Outcome(spec, run.result(), null);
        } catch (RuntimeException e) {
            if (ShutdownCleanup.shuttingDown()) {
                throw e;
            }
            return new Outcome(spec, null, message(e));
        }
    }

    /** The job's warnings not shown yet (the schedules' plans mostly share them). */
    private static void warn(Job job, Set<String> warned, Progress progress) {
        for (String w : job.warnings()) {
            if (warned.add(w)) {
                progress.warn(w);
            }
        }
    }

    /**
     * The charts written, or why they could not be drawn.
     *
     * @param files the PNGs written
     * @param error null when drawn
     */
    record Charts(List<String> files, String error) {
    }

    /**
     * Draws the charts; a failure (no fonts for a headless JVM, a full disk) is reported, not
     * allowed to lose the runs' results.
     */
    private static Charts drawCharts(Path dir, String app, List<Outcome> outcomes) {
        try {
            return new Charts(CompareCharts.write(dir, app, rows(outcomes)), null);
        } catch (IOException | RuntimeException e) {
            return new Charts(List.of(), message(e));
        }
    }

    /** The metric rows of the runs that ran, by schedule, in order. */
    private static Map<String, List<Map<String, Object>>> rows(List<Outcome> outcomes) {
        Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            if (o.succeeded()) {
                rows.put(o.spec().schedule(), o.result().metrics());
            }
        }
        return rows;
    }

    /** The content of {@code compare.json} (see the class doc). */
    static Map<String, Object> report(JobSpec base, List<Outcome> outcomes, String metric, Charts charts,
                                      String cluster, Instant start) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("app", base.app());
        Map<String, Object> spec = Json.mapper().convertValue(base,
                new TypeReference<LinkedHashMap<String, Object>>() { });
        spec.remove("schedule");
        spec.remove("staleness");
        r.put("spec", spec);
        r.put("schedules", outcomes.stream().map(o -> o.spec().schedule()).toList());
        r.put("metric", metric);
        double best = CompareCharts.bestObjective(rows(outcomes).values());
        if (Double.isFinite(best)) {
            r.put("bestObjective", best);
        }
        r.put("charts", charts.files());
        r.put("chartY", CompareCharts.label(metric));
        if (charts.error() != null) {
            r.put("chartError", charts.error());
        }
        List<Map<String, Object>> runs = new ArrayList<>();
        for (Outcome o : outcomes) {
            runs.add(run(o, metric));
        }
        r.put("runs", runs);
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("startTime", start.toString());
        provenance.put("cluster", cluster);
        provenance.put("versions", Versions.all());
        r.put("provenance", provenance);
        return r;
    }

    /** One run's entry in {@code compare.json}. */
    private static Map<String, Object> run(Outcome o, String metric) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schedule", o.spec().schedule());
        m.put("staleness", o.spec().staleness());
        if (!o.succeeded()) {
            m.put("error", o.error());
            return m;
        }
        JobResult r = o.result();
        m.put("dir", o.spec().schedule());
        m.put("stopReason", r.stopReason());
        m.put("rounds", r.rounds());
        m.put("updates", r.updates());
        m.put("seconds", r.seconds());
        m.put("objective", r.last().objective());
        Double last = finalValue(r, metric);
        if (last != null) {
            m.put(metric, last);
        }
        m.put("metrics", r.metrics());
        return m;
    }

    /** The last value of {@code metric} the run reported, or null when it reported none. */
    static Double finalValue(JobResult r, String metric) {
        List<Map<String, Object>> rows = r.metrics();
        for (int i = rows.size() - 1; i >= 0; i--) {
            if (rows.get(i).get(metric) instanceof Number n) {
                return n.doubleValue();
            }
        }
        return "objective".equals(metric) ? r.last().objective() : r.last().metrics().get(metric);
    }

    /** schedule, rounds, seconds, final metric, stop reason (or the error): one line per schedule. */
    static void printTable(List<Outcome> outcomes, String metric, PrintStream out) {
        String row = "%-16s %10s %10s %-" + Math.max(18, metric.length() + 2) + "s %s%n";
        out.printf(Locale.ROOT, row, "schedule", "rounds", "seconds", metric, "stop reason");
        for (Outcome o : outcomes) {
            if (o.succeeded()) {
                JobResult r = o.result();
                Double v = finalValue(r, metric);
                out.printf(Locale.ROOT, row, o.spec().schedule(), String.format(Locale.ROOT, "%,d", r.rounds()),
                        String.format(Locale.ROOT, "%.3f", r.seconds()),
                        v == null ? "-" : String.format(Locale.ROOT, "%.10g", v), r.stopReason());
            } else {
                out.printf(Locale.ROOT, row, o.spec().schedule(), "-", "-", "-", "failed: " + o.error());
            }
        }
    }

    /** Says on stderr which schedules failed and whether the charts are missing; the exit code. */
    private static int reportFailures(List<Outcome> outcomes, Charts charts, PrintStream err) {
        List<String> failed = outcomes.stream().filter(o -> !o.succeeded()).map(o -> o.spec().schedule()).toList();
        if (!failed.isEmpty()) {
            err.println(Main.FAILED + failed.size() + " of " + outcomes.size() + " schedules: "
                    + String.join(", ", failed) + " (their errors are in " + COMPARE_JSON + ")");
        }
        if (charts.error() != null) {
            err.println(Main.FAILED + "the charts: " + charts.error());
        }
        err.flush();
        return failed.isEmpty() && charts.error() == null ? 0 : 1;
    }

    /** A failure's message and its first cause's, or its kind when it has none. */
    private static String message(Throwable t) {
        String m = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
        Throwable c = t.getCause();
        if (c != null && c != t && c.getMessage() != null && !m.contains(c.getMessage())) {
            m += " (caused by: " + c.getMessage() + ")";
        }
        return m;
    }
}

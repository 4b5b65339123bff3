package org.strads4j.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.strads4j.api.App;
import org.strads4j.api.BadInputException;
import org.strads4j.api.Job;
import org.strads4j.api.JobSpec;
import org.strads4j.checkpoint.Checkpoint;
import org.strads4j.checkpoint.CheckpointDirectory;
import org.strads4j.cluster.EmbeddedCluster;
import org.strads4j.engine.JobRunner;
import org.strads4j.io.DataFiles;
import org.strads4j.io.Json;
import org.strads4j.io.OutputDirectory;
import org.strads4j.kernel.Device;
import org.strads4j.kernel.Gpu;

/**
 * Runs a job from the command line on an embedded cluster, in the order that keeps a user's files
 * safe and fails early:
 * <ol>
 *   <li>the options are checked ({@link ExecutionOptions#validate()});</li>
 *   <li>the output directory is checked and its staging directory made ({@link OutputDirectory});</li>
 *   <li>the app reads and checks its data ({@link App#plan}); the output may not hold an input;</li>
 *   <li>the nodes start, the job runs with progress on stderr, the results are committed;</li>
 *   <li>the summary (one JSON document) goes to stdout.</li>
 * </ol>
 */
public final class JobLauncher {
    private JobLauncher() {
    }

    /** The app named {@code name}, found with ServiceLoader. */
    public static App app(String name) {
        return App.named(name);
    }

    /** {@code strads run APP}: runs {@code spec}, prints the summary to stdout; returns the exit code. */
    public static int runCommand(JobSpec spec, ExecutionOptions exec) {
        try (Progress progress = Progress.forCommand(exec.quiet, System.err)) {
            JobRunner.Run run = launch(spec, exec, progress);
            printSummary(run, System.out);
            if (exec.out != null) {
                progress.note("results in " + exec.out.toAbsolutePath().normalize());
            }
            return 0;
        }
    }

    /** Checks, plans, runs and writes {@code spec} (steps 1-4 above); returns the run. */
    public static JobRunner.Run launch(JobSpec spec, ExecutionOptions exec, Progress progress) {
        exec.validate();
        Checkpoint resume = exec.resume == null ? null : resumeFrom(exec.resume, spec.app(), progress);
        if (resume != null) {
            spec = resume.spec();
        }
        App app = app(spec.app());
        Device device = Device.of(spec.params());
        if (device == Device.GPU) {
            Gpu.require();
        }
        CheckpointDirectory checkpoints = exec.checkpointDir == null ? null
                : CheckpointDirectory.forWriting(exec.checkpointDir);
        try (OutputDirectory out = exec.out == null ? null : OutputDirectory.create(exec.out, exec.overwrite)) {
            long t0 = System.nanoTime();
            Job job = app.plan(spec);
            noteDevice(app, device, progress);
            if (out != null) {
                out.checkInputs(inputs(job));
            }
            for (String w : job.warnings()) {
                progress.warn(w);
            }
            progress.note(String.format(Locale.ROOT, "%s planned in %.2f s; starting %d Ignite node%s...", spec.app(),
                    (System.nanoTime() - t0) / 1e9, spec.nodes(), spec.nodes() == 1 ? "" : "s"));
            try (EmbeddedCluster cluster = EmbeddedCluster.start(spec.nodes())) {
                progress.note(String.format(Locale.ROOT, "cluster up (%s) after %.2f s", cluster.description(),
                        (System.nanoTime() - t0) / 1e9));
                return JobRunner.runInto(cluster, job, progress.job(spec.app(), spec), out, checkpoints, resume);
            }
        }
    }

    /**
     * The embedded cluster's nodes share this machine's device ({@code --device gpu} without one is
     * refused before anything is read): {@code auto} says once, after the plan, what it chose.
     */
    static void noteDevice(App app, Device device, Progress progress) {
        if (device == Device.AUTO && app.hasGpuKernels()) {
            progress.note(Gpu.available() ? "device auto: CUDA kernels on " + Gpu.device()
                    : "device auto: CPU kernels (" + Gpu.whyNot() + ")");
        }
    }

    /**
     * The checkpoint in {@code dir}, which must be one of an {@code app} job; with it, the job and its
     * options are the checkpoint's.
     */
    static Checkpoint resumeFrom(java.nio.file.Path dir, String app, Progress progress) {
        Checkpoint c = CheckpointDirectory.read(dir);
        if (!c.spec().app().equals(app)) {
            throw new BadInputException("Invalid --resume: " + dir + " holds a checkpoint of a " + c.spec().app()
                    + " job, not " + app);
        }
        progress.note("resuming job " + c.jobId() + " from its checkpoint at round " + c.round() + " (" + dir + ")");
        return c;
    }

    /**
     * The files and directories a job reads: the {@code path} of each of its provenance
     * {@code inputs}, and every spec parameter that names an existing file or directory.
     */
    static Set<Path> inputs(Job job) {
        Set<Path> paths = new LinkedHashSet<>();
        if (job.provenance().get("inputs") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof DataFiles.Input in) {
                    addIfExists(paths, in.path());
                } else if (o instanceof Map<?, ?> m && m.get("path") instanceof String p) {
                    addIfExists(paths, p);
                }
            }
        }
        for (Object v : job.spec().params().values()) {
            if (v instanceof String s) {
                addIfExists(paths, s);
            }
        }
        return paths;
    }

    private static void addIfExists(Set<Path> paths, String p) {
        try {
            Path path = Path.of(p);
            if (Files.exists(path)) {
                paths.add(path);
            }
        } catch (InvalidPathException e) {
            // not a path (a bundled resource name, a scheduler name)
        }
    }

    /** Prints the summary without its provenance: exactly one JSON document. */
    public static void printSummary(JobRunner.Run run, PrintStream out) {
        Map<String, Object> s = new LinkedHashMap<>(run.summary());
        s.remove("provenance");
        out.println(Json.pretty(s));
        out.flush();
    }
}

package org.strads4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.ignite.Ignite;
import org.strads4j.api.App;
import org.strads4j.api.BadInputException;
import org.strads4j.api.Job;
import org.strads4j.api.JobSpec;
import org.strads4j.checkpoint.Checkpoint;
import org.strads4j.client.JobHandle;
import org.strads4j.client.JobOutput;
import org.strads4j.client.StradsClient;
import org.strads4j.cluster.ClientNode;
import org.strads4j.io.Json;
import org.strads4j.io.OutputDirectory;
import org.strads4j.io.ShutdownCleanup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strads submit [options] APP [the app's run options]}: starts a client node, submits the
 * job to the running cluster through Ignite's compute API ({@link StradsClient}), shows its progress,
 * writes its outputs locally ({@code --out}) and exits with the job's status (0 done, 2 bad input,
 * 1 failed). The job's coordinator runs in the cluster: if this command is stopped, the job goes on,
 * and {@code strads fetch JOB --out DIR} gets its results later.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Submit a job to a running cluster (servers started with 'strads node').",
            "  strads submit [options] APP [the app's run options]",
            "The job runs in the cluster: stopping this command does not stop it (strads cancel does)."})
public final class SubmitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--detach", description = "Print the job id (JSON) as soon as the job is submitted, and exit;"
            + " follow it with strads status, get its results with strads fetch.")
    boolean detach;

    @Option(names = "--data-on-servers", description = "Do not read the data here: the server running the job's"
            + " coordinator reads the paths given (a shared file system). Default: read here and ship the data,"
            + " which needs no shared file system and reports bad input before the cluster does any work.")
    boolean dataOnServers;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        cl.getErr().println("strads submit: name an app: " + String.join(", ", cl.getSubcommands().keySet()));
        cl.usage(cl.getErr());
        return 2;
    }

    /** Submits the job an app's run command describes; returns the exit code. */
    int submit(JobCommand command, PrintStream out, PrintStream err) {
        ExecutionOptions exec = command.execution();
        JobSpec jobSpec = command.spec();
        Checkpoint resume = null;
        if (exec.overwrite && exec.out == null) {
            throw new BadInputException("Invalid --overwrite: it needs --out DIR");
        }
        if (detach && exec.out != null) {
            throw new BadInputException("Invalid --out: with --detach the results stay in the cluster; get them with"
                    + " strads fetch JOB --out DIR");
        }
        if (exec.resume != null && dataOnServers) {
            throw new BadInputException("Invalid --resume: it needs the data read here (drop --data-on-servers)");
        }
        try (Progress progress = Progress.forCommand(exec.quiet, err);
             OutputDirectory dir = exec.out == null ? null : OutputDirectory.create(exec.out, exec.overwrite)) {
            if (exec.resume != null) {
                resume = JobLauncher.resumeFrom(exec.resume, jobSpec.app(), progress);
                jobSpec = resume.spec();
            }
            String checkpointDir = exec.checkpointDir == null ? null : exec.checkpointDir.toString();
            Job job = null;
            if (!dataOnServers) {
                long t0 = System.nanoTime();
                job = App.named(jobSpec.app()).plan(jobSpec);
                if (dir != null) {
                    dir.checkInputs(JobLauncher.inputs(job));
                }
                job.warnings().forEach(progress::warn);
                progress.note(String.format(Locale.ROOT, "%s planned here in %.2f s", jobSpec.app(),
                        (System.nanoTime() - t0) / 1e9));
            }
            progress.note("joining the cluster (" + cluster.config + ")...");
            try (ClientNode client = cluster.connect()) {
                Ignite ignite = client.ignite();
                if (client.servers() < jobSpec.nodes()) {
                    throw new BadInputException("Invalid --nodes: " + jobSpec.nodes() + " (the cluster has "
                            + client.servers() + " server node" + (client.servers() == 1 ? "" : "s") + ")");
                }
                JobHandle handle = job != null ? StradsClient.submit(ignite, job, checkpointDir, resume)
                        : StradsClient.submitOnServers(ignite, jobSpec, checkpointDir);
                if (detach) {
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("job", handle.id());
                    s.put("state", handle.status().state());
                    out.println(Json.pretty(s));
                    return 0;
                }
                progress.note("submitted job " + handle.id() + " to " + client.servers() + " server nodes; it goes on"
                        + " in the cluster if this command stops (strads fetch " + handle.id() + " --out DIR)");
                try (ShutdownCleanup.Registration note = ShutdownCleanup.register(ShutdownCleanup.Phase.NOTICE,
                        "the submitted job's id", () -> err.println("strads: job " + handle.id() + " goes on in the"
                                + " cluster: strads status " + handle.id() + "; strads fetch " + handle.id()
                                + " --out DIR"))) {
                    handle.listen(progress.job(jobSpec.app(), jobSpec));
                    handle.await();
                    JobOutput output = handle.output();
                    if (dir != null) {
                        progress.note("writing results to " + dir.target());
                        output.writeTo(dir);
                    }
                    printSummary(output, out);
                    if (dir != null) {
                        progress.note("results in " + dir.target());
                    }
                }
                return 0;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results: " + e.getMessage(), e);
        }
    }

    /** Prints a job's summary.json without its provenance: one JSON document. */
    static void printSummary(JobOutput output, PrintStream out) {
        byte[] summary = output.files().get(OutputDirectory.SUMMARY);
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> s = Json.mapper().readValue(new String(summary, StandardCharsets.UTF_8), LinkedHashMap.class);
            s.remove("provenance");
            out.println(Json.pretty(s));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the job's summary.json is not JSON", e);
        }
    }
}

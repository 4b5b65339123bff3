package org.strads4j.cli;

import java.nio.file.Path;
import org.strads4j.api.App;
import org.strads4j.api.BadInputException;
import org.strads4j.api.JobSpec;
import org.strads4j.cluster.EmbeddedCluster;
import org.strads4j.kernel.Device;
import picocli.CommandLine.Option;

/**
 * The options every {@code strads run APP} shares (a picocli mixin): cluster size, seed, stopping
 * rules and the output directory. {@link #validate()} checks what can be checked before any data is
 * read or node started.
 */
public final class ExecutionOptions {

    @Option(names = "--nodes", paramLabel = "N", description = "Workers, one per Ignite server node: run starts them in this"
            + " JVM (1.." + EmbeddedCluster.MAX_NODES + "); submit uses the cluster's first N servers (default: ${DEFAULT-VALUE}).")
    public int nodes = 1;

    @Option(names = "--seed", paramLabel = "N", description = "The job seed; every random stream derives from it (default: ${DEFAULT-VALUE}).")
    public long seed = 42;

    @Option(names = "--schedule", paramLabel = "S", description = "How the job runs: model-parallel (STRADS rounds:"
            + " the scheduler picks the blocks), data-parallel (bulk-synchronous rounds over all parameters) or"
            + " param-server (each worker's own clocks against a parameter server, stale-synchronous); which ones an"
            + " app supports is in its help (default: ${DEFAULT-VALUE}).")
    public String schedule = JobSpec.MODEL_PARALLEL;

    @Option(names = "--pipeline", paramLabel = "D", description = "Model-parallel: rounds in flight beyond the one being"
            + " committed; 0 = none; at most the nodes' public thread pool size minus 2 (6) (default: 0).")
    public Integer pipeline;

    @Option(names = "--staleness", paramLabel = "S", description = "Param-server: the most clocks a worker may run ahead"
            + " of the slowest (SSP); 0 = bulk-synchronous, 'unbounded' = asynchronous (default: 0). Under"
            + " model-parallel, the old name of --pipeline.")
    public String staleness;

    @Option(names = "--eval-every", paramLabel = "R", description = "Evaluate the objective and convergence every R rounds (default: app's choice).")
    public Integer evalEvery;

    @Option(names = "--out", paramLabel = "DIR", description = "Write summary.json, metrics.jsonl and the model files into this new (or empty)"
            + " directory, atomically; refused if it exists with other content.")
    public Path out;

    @Option(names = "--overwrite", description = "Let --out replace a directory that holds an earlier Strads4J result (and nothing else).")
    public boolean overwrite;

    @Option(names = "--device", paramLabel = "D", description = "Where the kernels run: cpu (plain Java), blas (CPU BLAS"
            + " through ND4J where the app and data suit it), gpu (CUDA through JCuda; every worker node needs a device) or"
            + " auto (a node's GPU where it has one, else the CPU kernels measured fastest for the data) (default: auto).")
    public String device;

    @Option(names = "--quiet", description = "No progress on stderr (warnings and errors still go there); stdout carries the summary only.")
    public boolean quiet;

    @Option(names = "--backups", paramLabel = "B", description = "Copies of every partition of the job's data and"
            + " parameters on other nodes, so that a lost node loses nothing (default: 1 with more than one node on servers"
            + " of more than one process; 0 on the embedded cluster, whose nodes share one JVM and fail together).")
    public Integer backups;

    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Checkpoint the job every N rounds (default:"
            + " about every 10 s when it has backups or a --checkpoint-dir).")
    public Long checkpointEvery;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "Also write each checkpoint into DIR (new, or"
            + " holding only checkpoints), atomically; with submit, a path on the servers.")
    public Path checkpointDir;

    @Option(names = "--resume", paramLabel = "DIR", description = "Go on from the checkpoint in DIR (after the cluster,"
            + " or this command, stopped): the job and its options are the checkpoint's; the data must be unchanged.")
    public Path resume;

    /** The spec for {@code app} from these options and the app's stopping rules. */
    public JobSpec spec(String app, long maxRounds, double tolerance, int defaultEvalEvery) {
        JobSpec spec = new JobSpec(app, schedule, nodes, seed, maxRounds, tolerance, staleness(),
                evalEvery == null ? defaultEvalEvery : evalEvery, null, backups,
                checkpointEvery == null ? null : Math.max(1, checkpointEvery));
        App.named(app).checkSchedule(spec);
        if (device == null) {
            return spec;
        }
        Device d = Device.parse(device);
        if (d == Device.GPU && !App.named(app).hasGpuKernels()) {
            throw new BadInputException("Invalid --device: gpu (" + app + " has CPU kernels only)");
        }
        if (d == Device.BLAS && !App.named(app).hasBlasKernels()) {
            throw new BadInputException("Invalid --device: blas (" + app + " has no BLAS kernels; its plain-Java kernels run with --device cpu)");
        }
        return spec.withParams(java.util.Map.of(Device.PARAM, d.option()));
    }

    /**
     * The spec's staleness: {@code --pipeline} (or its old name {@code --staleness}) under
     * model-parallel, the SSP bound {@code --staleness} under param-server, 0 under data-parallel.
     */
    public int staleness() {
        boolean paramServer = JobSpec.PARAM_SERVER.equals(schedule);
        if (pipeline != null && !JobSpec.MODEL_PARALLEL.equals(schedule)) {
            throw new BadInputException("Invalid --pipeline: " + pipeline + " (it pipelines model-parallel rounds;"
                    + " --schedule is " + schedule + ")");
        }
        if (pipeline != null && staleness != null) {
            throw new BadInputException("Invalid --staleness: " + staleness + " (with --pipeline: under model-parallel"
                    + " --staleness is --pipeline's old name; give one)");
        }
        if (pipeline != null) {
            return pipeline;
        }
        if (staleness == null) {
            return 0;
        }
        if (paramServer && "unbounded".equals(staleness)) {
            return JobSpec.UNBOUNDED;
        }
        try {
            int s = Integer.parseInt(staleness);
            if (s < 0) {
                throw new NumberFormatException();
            }
            return s;
        } catch (NumberFormatException e) {
            throw new BadInputException("Invalid --staleness: " + staleness + " (a number of " + (paramServer
                    ? "clocks >= 0, or 'unbounded')" : "rounds >= 0)"));
        }
    }

    /** Refuses options the embedded cluster cannot honour, before anything is read or started. */
    public void validate() {
        if (!JobSpec.SCHEDULES.contains(schedule)) {
            throw new BadInputException("Invalid --schedule: " + schedule + " (one of " + String.join(", ",
                    JobSpec.SCHEDULES) + ")");
        }
        int staleness = staleness();
        if (nodes < 1 || nodes > EmbeddedCluster.MAX_NODES) {
            throw new BadInputException("Invalid --nodes: " + nodes + " (must be 1.." + EmbeddedCluster.MAX_NODES
                    + ": the embedded cluster starts every node in this JVM)");
        }
        int maxStaleness = EmbeddedCluster.maxStaleness();
        if (JobSpec.MODEL_PARALLEL.equals(schedule) && staleness > maxStaleness) {
            throw new BadInputException("Invalid " + (pipeline != null ? "--pipeline" : "--staleness") + ": " + staleness + " (must be 0.." + maxStaleness
                    + ": a worker's pipelined rounds wait in order in the nodes' public thread pool of "
                    + (maxStaleness + 2) + " threads)");
        }
        if (overwrite && out == null) {
            throw new BadInputException("Invalid --overwrite: it needs --out DIR");
        }
        if (backups != null && (backups < 0 || backups >= nodes && backups > 0)) {
            throw new BadInputException("Invalid --backups: " + backups + " (must be 0.." + (nodes - 1)
                    + ": each copy is on another of the " + nodes + " nodes)");
        }
        if (device != null) {
            Device.parse(device);
        }
        if (checkpointEvery != null && checkpointEvery < 1) {
            throw new BadInputException("Invalid --checkpoint-every: " + checkpointEvery + " (must be at least 1)");
        }
    }
}

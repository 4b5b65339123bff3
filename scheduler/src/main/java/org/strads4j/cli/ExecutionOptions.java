package org.strads4j.cli;

import java.nio.file.Path;
import org.strads4j.api.JobSpec;
import picocli.CommandLine.Option;

/**
 * The options every {@code strads run APP} shares (a picocli mixin): cluster size, seed, stopping
 * rules and the output directory.
 */
public final class ExecutionOptions {

    @Option(names = "--nodes", paramLabel = "N", description = "Ignite server nodes (workers) started in-process (default: ${DEFAULT-VALUE}).")
    public int nodes = 1;

    @Option(names = "--seed", paramLabel = "N", description = "The job seed; every random stream derives from it (default: ${DEFAULT-VALUE}).")
    public long seed = 42;

    @Option(names = "--staleness", paramLabel = "S", description = "Rounds in flight beyond the one being committed; 0 = no pipelining (default: ${DEFAULT-VALUE}).")
    public int staleness = 0;

    @Option(names = "--eval-every", paramLabel = "R", description = "Evaluate the objective and convergence every R rounds (default: app's choice).")
    public Integer evalEvery;

    @Option(names = "--out", paramLabel = "DIR", description = "Write summary.json, metrics.jsonl and the model files here, atomically.")
    public Path out;

    @Option(names = "--quiet", description = "Print only the final summary, no progress lines.")
    public boolean quiet;

    /** The spec for {@code app} from these options and the app's stopping rules. */
    public JobSpec spec(String app, long maxRounds, double tolerance, int defaultEvalEvery) {
        return new JobSpec(app, JobSpec.MODEL_PARALLEL, nodes, seed, maxRounds, tolerance, staleness,
                evalEvery == null ? defaultEvalEvery : evalEvery, null);
    }
}

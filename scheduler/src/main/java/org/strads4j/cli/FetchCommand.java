package org.strads4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.strads4j.client.JobHandle;
import org.strads4j.client.JobOutput;
import org.strads4j.client.StradsClient;
import org.strads4j.cluster.ClientNode;
import org.strads4j.io.OutputDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code strads fetch JOB --out DIR}: writes a finished job's outputs (kept in the cluster for seven
 * days) into DIR, under the same rules as {@code run --out}, and prints its summary.
 */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = "Write a submitted job's results (summary.json, metrics.jsonl, model files) into a new directory.")
public final class FetchCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Parameters(index = "0", paramLabel = "JOB", description = "The job id.")
    String job;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "A new (or empty) directory for the results.")
    Path out;

    @Option(names = "--overwrite", description = "Let --out replace an earlier Strads4J result (and nothing else).")
    boolean overwrite;

    @Option(names = "--wait", description = "Wait for a running job to finish first.")
    boolean await;

    @Override
    public Integer call() throws IOException {
        try (OutputDirectory dir = OutputDirectory.create(out, overwrite);
             ClientNode client = cluster.connect()) {
            if (await) {
                JobHandle handle = StradsClient.attach(client.ignite(), job);
                handle.await();
            }
            JobOutput output = StradsClient.fetch(client.ignite(), job);
            output.writeTo(dir);
            SubmitCommand.printSummary(output, System.out);
            System.err.println("strads: results in " + dir.target());
            return 0;
        }
    }
}

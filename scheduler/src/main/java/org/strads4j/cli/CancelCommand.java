package org.strads4j.cli;

import java.util.concurrent.Callable;
import org.strads4j.client.JobStatus;
import org.strads4j.client.StradsClient;
import org.strads4j.cluster.ClientNode;
import org.strads4j.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code strads cancel JOB}: asks a submitted job's coordinator to stop after the round in flight;
 * the job then evaluates once more and keeps its results (stop reason {@code cancelled}).
 */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Stop a submitted job after its round in flight; its results so far are kept (strads fetch).")
public final class CancelCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Parameters(index = "0", paramLabel = "JOB", description = "The job id.")
    String job;

    @Option(names = "--wait", paramLabel = "SECONDS", description = "Wait this long for the job to stop (default: ${DEFAULT-VALUE}).")
    int waitSeconds = 60;

    @Override
    public Integer call() throws InterruptedException {
        try (ClientNode client = cluster.connect()) {
            StradsClient.cancel(client.ignite(), job);
            long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
            JobStatus s = StradsClient.status(client.ignite(), job);
            while (!s.isFinal() && System.nanoTime() < deadline) {
                Thread.sleep(200);
                s = StradsClient.status(client.ignite(), job);
            }
            System.out.println(Json.pretty(s.toMap()));
            if (!s.isFinal()) {
                System.err.println("strads: the job has not stopped yet; it will after its round in flight");
            }
            return 0;
        }
    }
}

package org.strads4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.strads4j.client.JobStatus;
import org.strads4j.client.StradsClient;
import org.strads4j.cluster.ClientNode;
import org.strads4j.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code strads status [JOB]}: where a submitted job stands, or every job the cluster knows, as JSON. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a submitted job (or all the jobs the cluster knows, newest first) as JSON on stdout.")
public final class StatusCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Parameters(index = "0", arity = "0..1", paramLabel = "JOB", description = "The job id (default: all jobs).")
    String job;

    @Override
    public Integer call() {
        try (ClientNode client = cluster.connect()) {
            if (job != null) {
                System.out.println(Json.pretty(StradsClient.status(client.ignite(), job).toMap()));
            } else {
                List<Map<String, Object>> all = new ArrayList<>();
                for (JobStatus s : StradsClient.jobs(client.ignite())) {
                    all.add(s.toMap());
                }
                System.out.println(Json.pretty(all));
            }
            return 0;
        }
    }
}

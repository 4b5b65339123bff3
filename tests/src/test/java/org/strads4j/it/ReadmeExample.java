package org.strads4j.it;

import java.util.Map;
import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.strads4j.api.JobResult;
import org.strads4j.api.JobSpec;
import org.strads4j.client.JobHandle;
import org.strads4j.client.StradsClient;
import org.strads4j.client.StradsTask;
import org.strads4j.cluster.NodeConfigs;

/**
 * The Java example of the README's "Submitting jobs from Java" section, verbatim between the
 * markers (ReadmeExampleTest checks that the README still shows exactly this code), run against a
 * real cluster by {@link MultiProcessTest}.
 */
final class ReadmeExample {
    private ReadmeExample() {
    }

    /** Runs the example; returns the two results it gets. */
    static JobResult[] run() {
        // README-EXAMPLE-BEGIN
        try (Ignite ignite = Ignition.start(NodeConfigs.load("ignite-config/client.xml"))) {
            JobSpec spec = JobSpec.defaults("lasso").withNodes(3).withMaxRounds(500)
                    .withParams(Map.of("lambdaRatio", 0.01));         // no "data": the bundled set
            JobHandle job = StradsClient.submit(ignite, spec);       // read and planned here, shipped
            JobResult shipped = job.await();
            System.out.println(job.id() + ": " + shipped.stopReason() + ", objective " + shipped.last().objective());

            // Or through Ignite's compute API: planned on a server, from paths the servers can read.
            JobResult viaTask = ignite.compute().execute(StradsTask.class, spec);
            // README-EXAMPLE-END
            return new JobResult[] {shipped, viaTask};
        }
    }
}

package org.strads4j.cli;

import org.strads4j.api.JobSpec;

/**
 * An app's {@code run} command as a job description: the same command object and options serve
 * {@code strads run APP} (an embedded cluster) and {@code strads submit APP} (a running cluster).
 */
public interface JobCommand {

    /** The job the parsed options describe. */
    JobSpec spec();

    /** The options every run shares (nodes, seed, output, quiet, ...). */
    ExecutionOptions execution();
}

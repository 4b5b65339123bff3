package org.strads4j.api;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes an app's results once a job has stopped, on the coordinator, while its parameter store
 * is still up. Shipped with the job.
 */
public interface ResultWriter extends Serializable {

    /** App-specific fields for {@code summary.json} and the printed summary (for example nnz). */
    Map<String, Object> summarize(JobResult result, CoordinatorContext ctx);

    /**
     * Writes the model files into {@code dir}, a staging directory that is moved into place as a
     * whole when every file is written (or, for a job submitted to a cluster, sent to the client).
     */
    void writeModel(JobResult result, CoordinatorContext ctx, Path dir) throws IOException;
}

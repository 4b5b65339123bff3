package org.strads4j.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes an app's results once a job has stopped, while its parameter store is still up.
 */
public interface ResultWriter {

    /** App-specific fields for {@code summary.json} and the printed summary (for example nnz). */
    Map<String, Object> summarize(JobResult result, ParamStore<?> params);

    /**
     * Writes the model files into {@code dir}, a staging directory that the engine moves into
     * place as a whole when every file is written.
     */
    void writeModel(JobResult result, ParamStore<?> params, Path dir) throws IOException;
}

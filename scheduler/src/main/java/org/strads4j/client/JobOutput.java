package org.strads4j.client;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.strads4j.api.JobResult;
import org.strads4j.io.OutputDirectory;

/**
 * The outputs of a finished job as the cluster keeps them (cache {@code strads-results}, one backup,
 * seven days) until a client fetches them: the {@link JobResult} and the files a local run writes
 * ({@code summary.json}, {@code metrics.jsonl}, the app's model files). Carried by Ignite's
 * marshaller, so a plain class.
 */
public final class JobOutput implements Serializable {
    private static final long serialVersionUID = 1L;

    private final JobResult result;
    private final LinkedHashMap<String, byte[]> files;

    JobOutput(JobResult result, Map<String, byte[]> files) {
        this.result = result;
        this.files = new LinkedHashMap<>(files);
    }

    /** Reads the files a job wrote into {@code dir} (its staging directory on the coordinator's node). */
    static JobOutput read(JobResult result, Path dir) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : (Iterable<Path>) s.sorted()::iterator) {
                files.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the results in " + dir, e);
        }
        return new JobOutput(result, files);
    }

    /** The job's result. */
    public JobResult result() {
        return result;
    }

    /** The output files by name (unmodifiable). */
    public Map<String, byte[]> files() {
        return Collections.unmodifiableMap(files);
    }

    /**
     * Writes the files into {@code out}, a directory made by {@link OutputDirectory#create} (checked
     * before the job started), and commits it.
     */
    public void writeTo(OutputDirectory out) throws IOException {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path file = out.path().resolve(f.getKey()).normalize();
            if (!out.path().equals(file.getParent())) {
                throw new IOException("refusing an output file name that leaves the directory: " + f.getKey());
            }
            Files.write(file, f.getValue());
        }
        out.commit();
    }
}

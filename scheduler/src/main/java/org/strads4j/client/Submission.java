package org.strads4j.client;

import java.io.Serializable;
import java.util.UUID;
import org.strads4j.api.JobSpec;
import org.strads4j.engine.JobPlacement;

/**
 * What the cluster keeps about a submitted job so that its coordinator can start, and start again
 * on another node (registry key {@code submission/ID}). Either the job was planned on the client,
 * and its shards and its {@link org.strads4j.engine.CoordinatorPlan} are in the cluster
 * ({@code placement} and {@code planChunks} say where), or only the spec travelled and the first
 * coordinator plans it, reading the data from paths it can see, and records where it put them.
 * Immutable; carried by Ignite's marshaller.
 */
final class Submission implements Serializable {
    private static final long serialVersionUID = 1L;

    final String jobId;
    final JobSpec spec;
    final JobPlacement placement;
    final int planChunks;
    final UUID submitter;
    /** A directory on the servers for checkpoints, or null. */
    final String checkpointDir;
    /** Checkpoint bytes to resume from ({@code --resume}), in the cluster's checkpoint cache, or false. */
    final boolean resume;

    private Submission(String jobId, JobSpec spec, JobPlacement placement, int planChunks, UUID submitter,
                       String checkpointDir, boolean resume) {
        this.jobId = jobId;
        this.spec = spec;
        this.placement = placement;
        this.planChunks = planChunks;
        this.submitter = submitter;
        this.checkpointDir = checkpointDir;
        this.resume = resume;
    }

    /** A job planned on the client, already in the cluster. */
    static Submission shipped(String jobId, JobSpec spec, JobPlacement placement, int planChunks, UUID submitter,
                              String checkpointDir, boolean resume) {
        return new Submission(jobId, spec, placement, planChunks, submitter, checkpointDir, resume);
    }

    /** A job the coordinator's node plans from the spec. */
    static Submission onServers(String jobId, JobSpec spec, UUID submitter, String checkpointDir) {
        return new Submission(jobId, spec, null, 0, submitter, checkpointDir, false);
    }

    /** This submission once its first coordinator has planned it and put its plan in the cluster. */
    Submission planned(JobPlacement p, int chunks) {
        return new Submission(jobId, spec, p, chunks, submitter, checkpointDir, resume);
    }

    boolean planned() {
        return placement != null;
    }
}

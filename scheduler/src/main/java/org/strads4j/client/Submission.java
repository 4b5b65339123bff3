package org.strads4j.client;

import java.io.Serializable;
import java.util.UUID;
import org.strads4j.api.JobSpec;
import org.strads4j.engine.JobPlacement;

/**
 * What a client sends to the node that will run a job's coordinator. Either the job was planned on
 * the client, and its shards and its {@link org.strads4j.engine.CoordinatorPlan} are already in the
 * cluster ({@code placement} and {@code planChunks} say where), or only the spec travels and the
 * coordinator's node plans it, reading the data from paths it can see.
 */
final class Submission implements Serializable {
    private static final long serialVersionUID = 1L;

    final String jobId;
    final JobSpec spec;
    final JobPlacement placement;
    final int planChunks;
    final UUID submitter;

    private Submission(String jobId, JobSpec spec, JobPlacement placement, int planChunks, UUID submitter) {
        this.jobId = jobId;
        this.spec = spec;
        this.placement = placement;
        this.planChunks = planChunks;
        this.submitter = submitter;
    }

    /** A job planned on the client, already in the cluster. */
    static Submission shipped(String jobId, JobSpec spec, JobPlacement placement, int planChunks, UUID submitter) {
        return new Submission(jobId, spec, placement, planChunks, submitter);
    }

    /** A job the coordinator's node plans from the spec. */
    static Submission onServers(String jobId, JobSpec spec, UUID submitter) {
        return new Submission(jobId, spec, null, 0, submitter);
    }

    boolean planned() {
        return placement != null;
    }
}

package org.strads4j.engine;

import org.apache.ignite.Ignite;
import org.strads4j.checkpoint.Checkpoint;
import org.strads4j.checkpoint.CheckpointDirectory;
import org.strads4j.checkpoint.ClusterCheckpoints;

/**
 * How a job is checkpointed, and what it resumes from.
 *
 * <p>A job with backups (or a checkpoint directory) is checkpointed after its first install and
 * then at evaluations: every {@code checkpointEvery} rounds when the spec says so, else when
 * {@link #DEFAULT_SECONDS} have passed since the last one. The checkpoint is kept in the
 * coordinator's memory (what a lost worker node is recovered from), in the cluster when the
 * coordinator runs there ({@link ClusterCheckpoints}, what a coordinator restarted on another node
 * resumes from), and in the directory when there is one ({@link CheckpointDirectory}, what
 * {@code --resume} reads after the whole cluster went down).
 */
public final class Checkpointing {
    /** Default checkpoint interval, in seconds of solve time. */
    public static final long DEFAULT_SECONDS = 10;

    private final boolean enabled;
    private final Ignite cluster;
    private final CheckpointDirectory directory;
    private final Checkpoint resumeFrom;
    private final String inputs;

    private Checkpointing(boolean enabled, Ignite cluster, CheckpointDirectory directory, Checkpoint resumeFrom,
                          String inputs) {
        this.enabled = enabled;
        this.cluster = cluster;
        this.directory = directory;
        this.resumeFrom = resumeFrom;
        this.inputs = inputs;
    }

    /** No checkpoints (a job without backups or a directory). */
    public static Checkpointing none() {
        return new Checkpointing(false, null, null, null, "");
    }

    /**
     * @param withBackups whether the job's caches have backups (then a lost node is recoverable)
     * @param cluster     where to keep checkpoints in the cluster too, or null
     * @param directory   where to write them on disk too, or null
     * @param resumeFrom  a checkpoint to start from, or null
     * @param inputs      the inputs' fingerprint ({@link Checkpoint#fingerprint})
     */
    public static Checkpointing of(boolean withBackups, Ignite cluster, CheckpointDirectory directory,
                                   Checkpoint resumeFrom, String inputs) {
        return new Checkpointing(withBackups || directory != null || resumeFrom != null, cluster, directory, resumeFrom,
                inputs);
    }

    boolean enabled() {
        return enabled;
    }

    Checkpoint resumeFrom() {
        return resumeFrom;
    }

    String inputs() {
        return inputs;
    }

    /** Keeps {@code c} where this job's checkpoints go (besides the coordinator's memory). */
    void store(Checkpoint c) {
        if (cluster != null) {
            ClusterCheckpoints.write(cluster, c);
        }
        if (directory != null) {
            directory.write(c);
        }
    }

    /** Where checkpoints go, for messages. */
    String where() {
        StringBuilder b = new StringBuilder("the coordinator's memory");
        if (cluster != null) {
            b.append(", the cluster (").append(ClusterCheckpoints.CACHE).append(')');
        }
        if (directory != null) {
            b.append(", ").append(directory.path());
        }
        return b.toString();
    }
}

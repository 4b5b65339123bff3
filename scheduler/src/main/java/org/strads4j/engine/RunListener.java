package org.strads4j.engine;

import java.nio.file.Path;
import org.strads4j.api.Evaluation;

/** Hears a job's progress (the command line prints it). Called on the coordinator's thread. */
@FunctionalInterface
public interface RunListener {

    /** An evaluation after {@code round} committed rounds and {@code updates} block updates. */
    void evaluated(long round, long updates, double seconds, Evaluation evaluation);

    /** The job has stopped and its results are being written to {@code target}. */
    default void writing(Path target) {
    }

    /** A checkpoint of the job at {@code round} has been taken. */
    default void checkpointed(long round) {
    }

    /** A node was lost; the job goes on from its checkpoint at {@code round}. */
    default void recovering(long round, String cause) {
    }

    /** The job has gone back to its checkpoint at {@code round}, {@code seconds} after the loss was seen. */
    default void recovered(long round, double seconds) {
    }

    /** A listener that ignores everything. */
    static RunListener none() {
        return (round, updates, seconds, evaluation) -> { };
    }
}

package org.strads4j.engine;

import org.strads4j.api.Evaluation;

/** Hears a job's progress (the command line prints it). Called on the coordinator's thread. */
@FunctionalInterface
public interface RunListener {

    /** An evaluation after {@code round} committed rounds and {@code updates} block updates. */
    void evaluated(long round, long updates, double seconds, Evaluation evaluation);

    /** A listener that ignores everything. */
    static RunListener none() {
        return (round, updates, seconds, evaluation) -> { };
    }
}

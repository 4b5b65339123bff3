package org.strads4j.engine;

import java.io.Serializable;
import org.strads4j.api.Batch;

/** The commit of one round, as it travels to the workers with a later dispatch. */
final class RoundCommit implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long round;
    private final Batch commit;

    RoundCommit(long round, Batch commit) {
        this.round = round;
        this.commit = commit;
    }

    long round() {
        return round;
    }

    Batch commit() {
        return commit;
    }
}

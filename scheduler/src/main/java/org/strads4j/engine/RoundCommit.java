package org.strads4j.engine;

import java.io.Serializable;
import org.strads4j.api.Batch;

/** The commit of one round, as it travels to the workers with a later dispatch. */
record RoundCommit(long round, Batch commit) implements Serializable {
}

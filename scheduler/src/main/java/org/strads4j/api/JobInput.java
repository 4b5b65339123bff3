package org.strads4j.api;

import java.io.Serializable;

/**
 * Marks a part of a job's coordinator state that is its input, unchanged for the whole run (a
 * Lasso job's columns, say): checkpoints leave it out and, when a job is restored, take it back
 * from the state the job was planned with, which the engine always has (the job object in
 * process, or the same inputs planned again after {@code --resume}, whose fingerprint the
 * checkpoint checks). So a checkpoint costs the state that changes, not the data set: at p = 1M
 * the Lasso data is a quarter of a gigabyte.
 *
 * <p>A state must reach its inputs along the same fields in the planned and in the running state
 * (they are matched by the order in which serialisation meets them). Shipping a job to a cluster
 * still carries its inputs: only checkpoints leave them out.
 */
public interface JobInput extends Serializable {
}

package org.strads4j.client;

import java.io.Serializable;
import org.strads4j.api.Evaluation;

/**
 * One evaluation of a running job, sent by its coordinator to the client that submitted it
 * (Ignite ordered messaging on topic {@code strads-progress/ID}). Display only: the result does
 * not depend on it arriving.
 */
final class ProgressEvent implements Serializable {
    private static final long serialVersionUID = 1L;

    final long round;
    final long updates;
    final double seconds;
    final Evaluation evaluation;
    /** Non-null on the last event: the job's results are being written. */
    final boolean writing;

    ProgressEvent(long round, long updates, double seconds, Evaluation evaluation, boolean writing) {
        this.round = round;
        this.updates = updates;
        this.seconds = seconds;
        this.evaluation = evaluation;
        this.writing = writing;
    }

    static String topic(String jobId) {
        return "strads-progress/" + jobId;
    }
}

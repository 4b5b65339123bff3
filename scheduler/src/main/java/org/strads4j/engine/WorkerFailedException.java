package org.strads4j.engine;

/** A worker's job failed; the message names the worker and the step, the cause is kept. */
public final class WorkerFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WorkerFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

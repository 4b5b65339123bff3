package org.strads4j.api;

import java.nio.file.Path;

/**
 * Input that cannot be used: a file that is missing or malformed, or an option out of range. The
 * message names the file and line, or the option, and the problem; the command line turns it into
 * exit code 2.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error about an option or a whole input. */
    public BadInputException(String message) {
        super(message);
    }

    /** An error about one line of a file (lines count from 1). */
    public BadInputException(Path file, long line, String problem) {
        super(file + ":" + line + ": " + problem);
    }

    /** An error about a whole file. */
    public BadInputException(Path file, String problem) {
        super(file + ": " + problem);
    }

    /** An error about a whole file, with its cause. */
    public BadInputException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}

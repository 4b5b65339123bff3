package org.strads4j.io;

import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.strads4j.api.BadInputException;

/**
 * Facts about input files that go into a result's provenance. Every app lists each file it read
 * under the provenance key {@link #INPUTS} as {@link Input} records, bundled resources included:
 *
 * <pre>{@code
 * "inputs": [
 *   {"path": "/data/train.svm", "bytes": 1491943, "sha256": "9f2c..."},
 *   {"path": "bundled:brown/vocab.txt.gz", "bytes": 30373, "sha256": "41d0..."}
 * ]
 * }</pre>
 */
public final class DataFiles {
    /** The provenance key of the list of {@link Input}s. */
    public static final String INPUTS = "inputs";
    /** The prefix of the path of a bundled (class-path) input. */
    public static final String BUNDLED = "bundled:";

    private DataFiles() {
    }

    /**
     * One input as read: where from, its size in bytes as stored (compressed, for a gzip file) and
     * the SHA-256 of those bytes.
     *
     * @param path   the file's absolute, normalised path, or {@code bundled:NAME} for a resource
     * @param bytes  the file's size
     * @param sha256 the SHA-256 of the file's bytes, lower-case hex
     */
    public record Input(String path, long bytes, String sha256) implements java.io.Serializable {
    }

    /** The input record of {@code file}; an unreadable file is bad input. */
    public static Input input(Path file) {
        try {
            return new Input(file.toAbsolutePath().normalize().toString(), Files.size(file), sha256(file));
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** The input record of a bundled resource {@code name} whose bytes are {@code bytes}. */
    public static Input bundled(String name, byte[] bytes) {
        return new Input(BUNDLED + name, bytes.length, sha256(bytes));
    }

    /** The SHA-256 of a file's bytes, as lower-case hex; an unreadable file is bad input. */
    public static String sha256(Path file) {
        try {
            return com.google.common.io.Files.asByteSource(file.toFile()).hash(Hashing.sha256()).toString();
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** The SHA-256 of bytes already in memory (a bundled resource). */
    public static String sha256(byte[] bytes) {
        return Hashing.sha256().hashBytes(bytes).toString();
    }
}

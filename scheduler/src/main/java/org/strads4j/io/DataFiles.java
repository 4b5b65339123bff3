package org.strads4j.io;

import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.file.Path;
import org.strads4j.api.BadInputException;

/** Facts about input files that go into a result's provenance. */
public final class DataFiles {
    private DataFiles() {
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

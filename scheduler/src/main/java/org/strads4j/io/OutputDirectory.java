package org.strads4j.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;

/**
 * An output directory written atomically: files go into a hidden staging directory beside the
 * target, and {@link #commit()} moves it into place in one rename (replacing an earlier run's
 * directory). {@link #close()} without a commit deletes the staging directory, so a failed run
 * leaves nothing behind.
 *
 * <pre>{@code
 * try (OutputDirectory out = OutputDirectory.stage(Path.of("runs/lasso"))) {
 *     Files.writeString(out.path().resolve("summary.json"), json);
 *     out.commit();
 * }
 * }</pre>
 */
public final class OutputDirectory implements AutoCloseable {
    private final Path target;
    private final Path staging;
    private boolean committed;

    private OutputDirectory(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
    }

    /** Creates the staging directory for {@code target} (its parent is created if missing). */
    public static OutputDirectory stage(Path target) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new IOException(abs + " exists and is not a directory");
        }
        Path parent = abs.getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + abs.getFileName() + ".tmp-");
        return new OutputDirectory(abs, staging);
    }

    /** Where to write the files before the commit. */
    public Path path() {
        return staging;
    }

    /** The final directory. */
    public Path target() {
        return target;
    }

    /** Moves the staged files into place; an existing target is replaced. */
    public void commit() throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
            Files.delete(old);
            move(target, old);
        }
        move(staging, target);
        committed = true;
        if (old != null) {
            deleteTree(old);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    @Override
    public void close() {
        if (!committed) {
            deleteTree(staging);
        }
    }

    /** Writes {@code text} to {@code file} through a temporary file and a rename. */
    public static void writeAtomically(Path file, String text) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, text);
                move(tmp, file);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a directory and everything in it; a missing directory is fine. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

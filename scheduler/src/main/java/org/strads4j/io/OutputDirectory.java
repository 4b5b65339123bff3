package org.strads4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.strads4j.api.BadInputException;

/**
 * A result directory written atomically, and never at the cost of a user's files.
 *
 * <p>{@link #create} checks the target before any work is done and stages the files in a hidden
 * directory beside it ({@code .NAME.tmp-XXXXXXXX}); {@link #commit()} moves the staging directory
 * into place in one rename. {@link #close()} without a commit, and a signal (through
 * {@link ShutdownCleanup}), delete the staging directory and any parent directory {@code create}
 * made, so a failed or interrupted run leaves nothing behind.
 *
 * <p>The rules for the target ({@code --out}):
 * <ul>
 *   <li>absent, or an empty directory: used;</li>
 *   <li>a directory that is not empty: refused, unless {@code overwrite} is set and it holds an
 *       earlier Strads4J result and nothing else: a {@code summary.json} whose
 *       {@code provenance.outputs} lists every file in the directory ({@link #isEarlierResult});</li>
 *   <li>never the working directory or one of its parents, a regular file, or a symbolic link;</li>
 *   <li>never a directory that holds, or is, one of the job's inputs ({@link #checkInputs}).</li>
 * </ul>
 * Directories and files are created with the user's umask.
 *
 * <pre>{@code
 * try (OutputDirectory out = OutputDirectory.create(Path.of("runs/lasso"), false)) {   // before the work
 *     ... the job runs ...
 *     Files.writeString(out.path().resolve("summary.json"), json);
 *     out.commit();
 * }
 * }</pre>
 */
public final class OutputDirectory implements AutoCloseable {
    /** The file that marks a directory as a Strads4J result; written last. */
    public static final String SUMMARY = "summary.json";

    private final Path target;
    private final Path staging;
    private final boolean overwrite;
    private final List<Path> createdParents;
    private final ShutdownCleanup.Registration cleanup;
    private boolean committed;
    private boolean aborted;

    private OutputDirectory(Path target, Path staging, boolean overwrite, List<Path> createdParents) {
        this.target = target;
        this.staging = staging;
        this.overwrite = overwrite;
        this.createdParents = createdParents;
        this.cleanup = ShutdownCleanup.register(ShutdownCleanup.Phase.FILES, "staging directory " + staging,
                this::abort);
    }

    /**
     * Checks {@code target} under the rules above and creates its staging directory (and any missing
     * parent), which also proves the location writable.
     *
     * @throws BadInputException naming {@code --out} and the problem, when the target is refused
     *                           or cannot be written
     */
    public static OutputDirectory create(Path target, boolean overwrite) {
        Path abs = target.toAbsolutePath().normalize();
        checkNotWorkingDirectory(abs);
        checkTarget(abs, overwrite);
        List<Path> created = new ArrayList<>();
        try {
            createParents(abs.getParent(), created);
            Path staging = createStaging(abs);
            return new OutputDirectory(abs, staging, overwrite, created);
        } catch (IOException e) {
            removeEmpty(created);
            throw new BadInputException("Invalid --out: " + abs + " (cannot write there: " + describe(e) + ")");
        }
    }

    /** Where to write the files before the commit. */
    public Path path() {
        return staging;
    }

    /** The final directory. */
    public Path target() {
        return target;
    }

    /**
     * Refuses a target that is, or contains, one of {@code inputs} (files or directories the job
     * reads), so that replacing it could never delete the data.
     */
    public void checkInputs(Collection<Path> inputs) {
        Path real = realTarget(target);
        for (Path input : inputs) {
            Path in = realTarget(input.toAbsolutePath().normalize());
            if (in.startsWith(real)) {
                throw new BadInputException("Invalid --out: " + target + " (it " + (in.equals(real) ? "is" : "contains")
                        + " the input " + input + "; write the results somewhere else)");
            }
        }
    }

    /**
     * Moves the staged files into place in one rename. An empty target directory is replaced; an
     * earlier result (with {@code overwrite}) is moved aside first and then deleted file by file.
     *
     * @throws IOException when the run was interrupted first, or the target changed since
     *                     {@link #create} so that it may no longer be replaced
     */
    public synchronized void commit() throws IOException {
        if (aborted) {
            throw new IOException("interrupted: the results in " + staging + " were discarded");
        }
        if (committed) {
            return;
        }
        Path old = null;
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            if (isEmptyDirectory(target)) {
                replaceEmpty();
            } else if (overwrite && isEarlierResult(target)) {
                old = target.resolveSibling("." + target.getFileName() + ".old-" + shortId());
                move(target, old);
                move(staging, target);
            } else {
                throw new IOException(target + " changed while the job ran and may not be replaced");
            }
        } else {
            move(staging, target);
        }
        committed = true;
        cleanup.close();
        if (old != null) {
            deleteEarlierResult(old);
        }
    }

    /** Deletes the staging directory (and the parents {@link #create} made) unless committed. */
    public synchronized void abort() {
        if (committed || aborted) {
            return;
        }
        aborted = true;
        deleteTree(staging);
        removeEmpty(createdParents);
        cleanup.close();
    }

    @Override
    public void close() {
        abort();
    }

    /**
     * True when {@code dir} holds an earlier Strads4J result and nothing else: its
     * {@code summary.json} is readable JSON whose {@code provenance.outputs} names every entry of
     * the directory, each a regular file.
     */
    public static boolean isEarlierResult(Path dir) {
        Path summary = dir.resolve(SUMMARY);
        if (!Files.isRegularFile(summary, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Set<String> listed = new HashSet<>();
        try {
            JsonNode outputs = Json.mapper().readTree(summary.toFile()).path("provenance").path("outputs");
            if (!outputs.isArray()) {
                return false;
            }
            outputs.forEach(n -> listed.add(n.asText()));
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path e : (Iterable<Path>) entries::iterator) {
                    if (!listed.contains(e.getFileName().toString())
                            || !Files.isRegularFile(e, LinkOption.NOFOLLOW_LINKS)) {
                        return false;
                    }
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes {@code text} to {@code file} through a temporary file and a rename. */
    public static void writeAtomically(Path file, String text) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + file.getFileName() + ".tmp-" + shortId());
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

    /**
     * Deletes a directory this program created and everything in it; a missing directory is fine.
     * Symbolic links are removed, never followed.
     */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a file removed meanwhile: the walk ends early; what is left is retried below
        }
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    // ---- the checks of create() --------------------------------------------------------------

    private static void checkNotWorkingDirectory(Path abs) {
        Path cwd = realTarget(Path.of("").toAbsolutePath());
        Path real = realTarget(abs);
        if (cwd.startsWith(real)) {
            throw new BadInputException("Invalid --out: " + abs + " (it " + (cwd.equals(real) ? "is" : "contains")
                    + " the working directory; name a new directory for the results)");
        }
    }

    private static void checkTarget(Path abs, boolean overwrite) {
        if (Files.isSymbolicLink(abs)) {
            throw new BadInputException("Invalid --out: " + abs + " (a symbolic link; name the directory itself)");
        }
        if (!Files.exists(abs)) {
            return;
        }
        if (!Files.isDirectory(abs)) {
            throw new BadInputException("Invalid --out: " + abs + " (exists and is not a directory)");
        }
        if (isEmptyDirectory(abs)) {
            return;
        }
        if (!overwrite) {
            throw new BadInputException("Invalid --out: " + abs + " (exists and is not empty; name a new directory,"
                    + " or add --overwrite to replace an earlier Strads4J result there)");
        }
        if (!isEarlierResult(abs)) {
            throw new BadInputException("Invalid --out: " + abs + " (--overwrite replaces only an earlier Strads4J"
                    + " result, and this directory holds other files; nothing was changed)");
        }
    }

    /** The real path of {@code p}'s nearest existing ancestor, with the rest of {@code p} appended. */
    private static Path realTarget(Path p) {
        Path existing = p;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return p;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(p)).normalize();
        } catch (IOException e) {
            return p;
        }
    }

    private static boolean isEmptyDirectory(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** Creates the missing parents of a target, outermost first, recording each one made. */
    private static void createParents(Path parent, List<Path> created) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = parent; p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p);
                created.add(p);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) {
                    throw e;
                }
            }
        }
        if (!Files.isDirectory(parent)) {
            throw new IOException(parent + " is not a directory");
        }
    }

    /** A new hidden staging directory beside the target, created with the user's umask. */
    private static Path createStaging(Path abs) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path staging = abs.resolveSibling("." + abs.getFileName() + ".tmp-" + shortId());
            try {
                return Files.createDirectory(staging);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 10) {
                    throw e;
                }
            }
        }
    }

    // ---- commit and clean-up -----------------------------------------------------------------

    private void replaceEmpty() throws IOException {
        try {
            // rename(2) replaces an empty directory in one step
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException | DirectoryNotEmptyException e) {
            Files.delete(target);   // fails unless still empty: nothing of the user's is lost
            Files.move(staging, target);
        }
    }

    /** Deletes the files an earlier result listed, then its directory; anything else stays. */
    private static void deleteEarlierResult(Path old) {
        try {
            if (isEarlierResult(old)) {
                try (Stream<Path> entries = Files.list(old)) {
                    for (Path e : (Iterable<Path>) entries::iterator) {
                        Files.deleteIfExists(e);
                    }
                }
            }
            Files.delete(old);
        } catch (IOException e) {
            System.err.println("strads: warning: the earlier result was moved to " + old
                    + " and could not be removed: " + describe(e));
        }
    }

    private static void removeEmpty(List<Path> created) {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i));
            } catch (IOException e) {
                return;   // not empty (someone else wrote there): leave it and its parents
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage();
    }
}

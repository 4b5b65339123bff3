package org.strads4j.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.strads4j.api.BadInputException;
import org.strads4j.io.Json;

/**
 * Checkpoints on disk: {@code DIR/checkpoint.strads} (the {@link Checkpoint} bytes, replaced in one
 * rename each time, so a reader never sees half of one) and {@code DIR/checkpoint.json} (its header,
 * for people). The directory is made when missing; one that holds anything else is refused, so a
 * checkpoint never overwrites a user's file.
 */
public final class CheckpointDirectory {
    /** The checkpoint file in the directory. */
    public static final String FILE = "checkpoint.strads";
    /** Its header, as JSON, for people. */
    public static final String HEADER = "checkpoint.json";
    private static final Set<String> OURS = Set.of(FILE, HEADER);

    private final Path dir;

    private CheckpointDirectory(Path dir) {
        this.dir = dir;
    }

    /**
     * A directory to write checkpoints into: absent (made), empty, or holding only earlier
     * checkpoint files.
     *
     * @throws BadInputException naming {@code --checkpoint-dir} otherwise, or when it cannot be written
     */
    public static CheckpointDirectory forWriting(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) {
                throw new BadInputException("Invalid --checkpoint-dir: " + abs + " (exists and is not a directory)");
            }
            try (Stream<Path> s = Files.list(abs)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    String name = p.getFileName().toString();
                    if (!OURS.contains(name) && !name.startsWith("." + FILE + ".tmp-")
                            && !name.startsWith("." + HEADER + ".tmp-")) {
                        throw new BadInputException("Invalid --checkpoint-dir: " + abs + " (holds other files, such as "
                                + name + "; checkpoints go into a new directory or one of earlier checkpoints)");
                    }
                }
            } catch (IOException e) {
                throw new BadInputException("Invalid --checkpoint-dir: " + abs + " (cannot read it: " + e.getMessage() + ")");
            }
        } else {
            try {
                Files.createDirectories(abs);
            } catch (IOException e) {
                throw new BadInputException("Invalid --checkpoint-dir: " + abs + " (cannot create it: " + e.getMessage() + ")");
            }
        }
        if (!Files.isWritable(abs)) {
            throw new BadInputException("Invalid --checkpoint-dir: " + abs + " (not writable)");
        }
        return new CheckpointDirectory(abs);
    }

    /** The directory. */
    public Path path() {
        return dir;
    }

    /** Writes {@code c} in place of the previous checkpoint, atomically. */
    public void write(Checkpoint c) {
        byte[] bytes = c.toBytes();
        try {
            replace(dir.resolve(FILE), bytes);
            replace(dir.resolve(HEADER), (Json.pretty(Json.mapper().readTree(Checkpoint.headerJson(bytes))) + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint into " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void replace(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The checkpoint in {@code dir} ({@code --resume DIR}).
     *
     * @throws BadInputException when there is none, or it is truncated, corrupted or not a checkpoint
     */
    public static Checkpoint read(Path dir) {
        Path file = Files.isDirectory(dir) ? dir.resolve(FILE) : dir;
        try {
            return Checkpoint.fromBytes(Files.readAllBytes(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new BadInputException("Invalid --resume: " + dir + " (no checkpoint there: " + FILE + " is missing)");
        } catch (IOException e) {
            throw new BadInputException("Invalid --resume: " + dir + " (cannot read it: " + e.getMessage() + ")");
        }
    }
}

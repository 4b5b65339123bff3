package org.strads4j.io;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.strads4j.api.BadInputException;

/**
 * Opens every input text file the same way: gzip is recognised by its magic bytes
 * ({@code 0x1f 0x8b}), whatever the file is called, and the text is decoded as UTF-8 strictly, so
 * a byte sequence that is not UTF-8 stops the reader instead of turning into replacement
 * characters.
 *
 * <pre>{@code
 * long line = 0;
 * try (BufferedReader in = InputFiles.open(file)) {
 *     for (String s; (s = in.readLine()) != null; ) {
 *         line++;
 *         ...
 *     }
 * } catch (IOException e) {
 *     throw InputFiles.readError(file, line + 1, e);   // "file:7: not UTF-8 text"
 * }
 * }</pre>
 *
 * <p>A missing file, a directory and an unreadable file are each one {@link BadInputException}
 * naming the file.
 */
public final class InputFiles {
    private static final int BUFFER = 1 << 16;
    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;

    private InputFiles() {
    }

    /**
     * A strict UTF-8 reader of {@code file}, decompressed when it is gzip.
     *
     * @throws BadInputException when the file is missing, a directory or unreadable
     */
    public static BufferedReader open(Path file) {
        return reader(openStream(file));
    }

    /** A strict UTF-8 reader of {@code in} (a bundled resource, say), decompressed when it is gzip. */
    public static BufferedReader open(InputStream in) throws IOException {
        return reader(decompressed(in));
    }

    /** The bytes of {@code file}, decompressed when it is gzip. */
    public static InputStream openStream(Path file) {
        requireReadableFile(file);
        try {
            return decompressed(Files.newInputStream(file));
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "file not found");
        } catch (AccessDeniedException e) {
            throw new BadInputException(file, "cannot read (permission denied)");
        } catch (IOException e) {
            throw readError(file, 1, e);
        }
    }

    /**
     * Checks that {@code file} exists, is a regular file (not a directory) and is readable.
     *
     * @throws BadInputException naming the file and which of these fails
     */
    public static void requireReadableFile(Path file) {
        if (Files.isDirectory(file)) {
            throw new BadInputException(file, "is a directory, not a file");
        }
        if (!Files.exists(file)) {
            throw new BadInputException(file, "file not found");
        }
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, "is not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new BadInputException(file, "cannot read (permission denied)");
        }
    }

    /** True when {@code in} starts with the gzip magic bytes; leaves the stream where it was. */
    static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == GZIP_MAGIC_0 && b1 == GZIP_MAGIC_1;
    }

    private static InputStream decompressed(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
        try {
            return isGzip(in) ? new GZIPInputStream(in, BUFFER) : in;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * The first line of {@code file} that is not UTF-8, found by reading it again line by line:
     * a reader decodes ahead of the lines it has returned, so the line it was on when decoding
     * failed may be an earlier one. {@code fallback} when the file cannot be read again (a
     * bundled resource) or every line decodes.
     */
    static long firstLineNotUtf8(Path file, long fallback) {
        CharsetDecoder utf8 = strictUtf8();
        byte[] buffer = new byte[BUFFER];
        byte[] line = new byte[256];
        int length = 0;
        long lineNo = 1;
        try (InputStream in = decompressed(Files.newInputStream(file))) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        if (!decodes(utf8, line, length)) {
                            return lineNo;
                        }
                        lineNo++;
                        length = 0;
                    } else {
                        if (length == line.length) {
                            line = Arrays.copyOf(line, 2 * length);
                        }
                        line[length++] = buffer[i];
                    }
                }
            }
            return decodes(utf8, line, length) ? fallback : lineNo;
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            return fallback;
        }
    }

    private static boolean decodes(CharsetDecoder utf8, byte[] bytes, int length) {
        try {
            utf8.reset().decode(ByteBuffer.wrap(bytes, 0, length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static CharsetDecoder strictUtf8() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, strictUtf8()), BUFFER);
    }

    /**
     * The input error for an {@link IOException} met while reading line {@code line} of
     * {@code file}: {@code file:line: not UTF-8 text}, {@code file:line: corrupt or truncated gzip
     * data}, or {@code file: cannot read: ...}.
     */
    public static BadInputException readError(Path file, long line, IOException e) {
        if (e instanceof CharacterCodingException) {
            return new BadInputException(file, firstLineNotUtf8(file, line), "not UTF-8 text");
        }
        if (e instanceof ZipException || e instanceof EOFException) {
            return new BadInputException(file, line, "corrupt or truncated gzip data (" + e.getMessage() + ")");
        }
        return new BadInputException(file, "cannot read: " + e.getMessage(), e);
    }
}

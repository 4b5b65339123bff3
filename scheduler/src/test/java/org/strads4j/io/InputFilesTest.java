package org.strads4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strads4j.api.BadInputException;

class InputFilesTest {
    @TempDir
    Path dir;

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static List<String> lines(BufferedReader in) throws IOException {
        try (in) {
            return in.lines().toList();
        }
    }

    @Test
    void gzipIsRecognisedByItsBytesWhateverTheName() throws IOException {
        Path plainName = dir.resolve("data.txt");
        Files.write(plainName, gzip("é one\ntwo\n"));
        assertEquals(List.of("é one", "two"), lines(InputFiles.open(plainName)));
        Path gzName = dir.resolve("data.txt.gz");
        Files.write(gzName, gzip("three\n"));
        assertEquals(List.of("three"), lines(InputFiles.open(gzName)));
        Path notGzip = dir.resolve("plain.gz");
        Files.writeString(notGzip, "plain text\n");
        assertEquals(List.of("plain text"), lines(InputFiles.open(notGzip)));
        assertEquals(List.of("four"), lines(InputFiles.open(new ByteArrayInputStream(gzip("four\n")))));
        Path oneByte = dir.resolve("one");
        Files.write(oneByte, new byte[] {0x1f});
        assertEquals(1, lines(InputFiles.open(oneByte)).size());
    }

    @Test
    void textThatIsNotUtf8NamesFileAndLine() throws IOException {
        Path f = dir.resolve("latin1.txt");
        byte[] bytes = "ok\nna\u00efve\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(f, bytes);
        long line = 0;
        BadInputException e = null;
        try (BufferedReader in = InputFiles.open(f)) {
            while (in.readLine() != null) {
                line++;
            }
        } catch (IOException io) {
            e = InputFiles.readError(f, line + 1, io);
        }
        assertEquals(f + ":2: not UTF-8 text", e == null ? "read without error" : e.getMessage());
    }

    @Test
    void truncatedGzipIsBadInputWithTheLine() throws IOException {
        byte[] whole = gzip("a\n".repeat(50_000));
        Path f = dir.resolve("cut.gz");
        Files.write(f, Arrays.copyOf(whole, whole.length / 2));
        long line = 0;
        String message = "read without error";
        try (BufferedReader in = InputFiles.open(f)) {
            while (in.readLine() != null) {
                line++;
            }
        } catch (IOException io) {
            message = InputFiles.readError(f, line + 1, io).getMessage();
        }
        assertEquals(f + ":" + (line + 1) + ": corrupt or truncated gzip data", message.replaceAll(" \\(.*\\)$", ""));
    }

    @Test
    void missingDirectoryAndUnreadableFilesHaveOneMessageEach() throws IOException {
        Path missing = dir.resolve("missing.txt");
        assertEquals(missing + ": file not found",
                assertThrows(BadInputException.class, () -> InputFiles.open(missing)).getMessage());
        assertEquals(dir + ": is a directory, not a file",
                assertThrows(BadInputException.class, () -> InputFiles.open(dir)).getMessage());
        Path locked = dir.resolve("locked.txt");
        Files.writeString(locked, "secret\n");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(locked), "running as a user who reads any file (root)");
        assertEquals(locked + ": cannot read (permission denied)",
                assertThrows(BadInputException.class, () -> InputFiles.open(locked)).getMessage());
    }
}

package org.strads4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strads4j.api.BadInputException;

/**
 * A reader whose growing arrays meet the end of the heap reports bad input naming the file and
 * line, not an OutOfMemoryError: checked in a child JVM with a 24 MB heap reading 4 million
 * nonzeros (about 48 MB of arrays).
 */
class ReaderHeapTest {
    @TempDir
    Path dir;

    /** The child: reads the file, prints the message of the exception it ends with, exits 2 on bad input. */
    public static void main(String[] args) {
        try {
            SparseRows r = LibsvmReader.read(Path.of(args[0]));
            System.out.println("read " + r.nnz());
            System.exit(0);
        } catch (BadInputException e) {
            System.out.println(e.getMessage());
            System.exit(2);
        } catch (OutOfMemoryError e) {
            System.out.println("raw " + e);
            System.exit(3);
        }
    }

    @Test
    void heapExhaustionWhileReadingIsBadInputWithFileAndLine() throws IOException, InterruptedException {
        Path file = dir.resolve("big.svm");
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (int i = 0; i < 200_000; i++) {
                w.write("1 1:1 2:1 3:1 4:1 5:1 6:1 7:1 8:1 9:1 10:1 11:1 12:1 13:1 14:1 15:1 16:1 17:1 18:1 19:1 20:1\n");
            }
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx24m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), ReaderHeapTest.class.getName(), file.toString()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.matches("\\Q" + file + "\\E:\\d+: the data does not fit in the heap \\(.*STRADS_JAVA_OPTS=-Xmx\\d+g\\)"),
                out);
    }
}

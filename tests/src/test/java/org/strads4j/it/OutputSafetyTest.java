package org.strads4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strads4j.io.OutputDirectory;

/**
 * {@code --out} never costs a user a file: each case of issue 7 through the real command line.
 * Every refusal is exit 2, names the directory, comes before any node starts, and changes nothing.
 */
class OutputSafetyTest {
    @TempDir
    Path dir;

    private static final String[] FAST = {"--max-rounds", "20"};

    private static Cli.Result lasso(String... args) {
        String[] all = Stream.concat(Stream.of("run", "lasso"), Stream.concat(Stream.of(args), Stream.of(FAST)))
                .toArray(String[]::new);
        return Cli.run(all);
    }

    private static Set<String> names(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            Set<String> out = new TreeSet<>();
            s.forEach(p -> out.add(p.getFileName().toString()));
            return out;
        }
    }

    private static void assertRefused(Cli.Result r, String target, String why) {
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().startsWith("strads: error: Invalid --out: "), r.err());
        assertTrue(r.err().contains(target), "names " + target + ": " + r.err());
        assertTrue(r.err().contains(why), "says '" + why + "': " + r.err());
        assertFalse(r.err().contains("starting"), "refused before the cluster started: " + r.err());
        assertEquals("", r.out());
    }

    /** A small LIBSVM file in {@code d}. */
    private static Path data(Path d) throws Exception {
        Files.createDirectories(d);
        return Files.writeString(d.resolve("train.svm"), "1 1:1 2:0.5\n-1 1:0.2 2:-1\n2 1:1.5 3:1\n0.5 2:1 3:-0.3\n");
    }

    @Test
    void anOutDirectoryHoldingTheDataIsRefusedWithAndWithoutOverwrite() throws Exception {
        Path d = dir.resolve("D");
        Path train = data(d);
        String before = Files.readString(train);
        assertRefused(lasso("--data", train.toString(), "--out", d.toString()), d.toString(), "not empty");
        assertRefused(lasso("--data", train.toString(), "--out", d.toString(), "--overwrite"), d.toString(),
                "replaces only an earlier Strads4J result");
        assertEquals(Set.of("train.svm"), names(d));
        assertEquals(before, Files.readString(train));
    }

    @Test
    void theWorkingDirectoryAndItsParentsAreNeverTheOutput() throws Exception {
        Path cwd = Path.of("").toAbsolutePath();
        Set<String> before = names(cwd);
        assertRefused(lasso("--out", ".", "--overwrite"), cwd.toString(), "is the working directory");
        assertRefused(lasso("--out", "..", "--overwrite"), cwd.getParent().toString(), "contains the working directory");
        assertEquals(before, names(cwd));
    }

    @Test
    void aFileOrAnUnwritableLocationIsRefusedBeforeTheSolve() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "keep");
        assertRefused(lasso("--out", file.toString()), file.toString(), "not a directory");
        assertRefused(lasso("--out", file.resolve("sub").toString()), file.resolve("sub").toString(), "cannot write there");
        assertRefused(lasso("--out", "/proc/strads-results"), "/proc/strads-results", "cannot write there");
        assertEquals("keep", Files.readString(file));
        assertEquals(Set.of("notes.txt"), names(dir));
    }

    @Test
    void overwriteReplacesAnEarlierResultAndOnlyThat() throws Exception {
        Path out = dir.resolve("run");
        Cli.Result first = lasso("--out", out.toString(), "--quiet");
        assertEquals(0, first.code(), first.toString());
        assertTrue(OutputDirectory.isEarlierResult(out));

        Cli.Result again = lasso("--out", out.toString());
        assertRefused(again, out.toString(), "add --overwrite");

        String firstSummary = Files.readString(out.resolve("summary.json"));
        Cli.Result second = lasso("--out", out.toString(), "--overwrite", "--quiet", "--seed", "7");
        assertEquals(0, second.code(), second.toString());
        assertFalse(firstSummary.equals(Files.readString(out.resolve("summary.json"))), "replaced");
        assertEquals(Set.of("run"), names(dir), "no staging or backup directory left");

        Files.writeString(out.resolve("my-notes.txt"), "mine");
        assertRefused(lasso("--out", out.toString(), "--overwrite"), out.toString(), "holds other files");
        assertEquals("mine", Files.readString(out.resolve("my-notes.txt")));
    }

    @Test
    void anEmptyDirectoryIsFilledAndResultsFollowTheUmask() throws Exception {
        Path out = Files.createDirectory(dir.resolve("empty"));
        var expected = Files.getPosixFilePermissions(out);
        Cli.Result r = lasso("--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r.toString());
        assertEquals(Set.of("coefficients.txt", "metrics.jsonl", "summary.json"), names(out));
        assertEquals(expected, Files.getPosixFilePermissions(out), "the directory keeps the umask's mode");
        Path probe = Files.writeString(dir.resolve("probe.txt"), "");
        assertEquals(Files.getPosixFilePermissions(probe), Files.getPosixFilePermissions(out.resolve("summary.json")));
    }
}

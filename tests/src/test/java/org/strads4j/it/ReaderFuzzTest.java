package org.strads4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strads4j.api.BadInputException;
import org.strads4j.api.JobSpec;
import org.strads4j.apps.lda.TextCorpusReader;
import org.strads4j.apps.lda.UciCorpusReader;
import org.strads4j.apps.mf.RatingsReader;
import org.strads4j.checkpoint.Checkpoint;
import org.strads4j.engine.JdkSerialization;
import org.strads4j.io.LibsvmReader;

/**
 * Seeded fuzzing of every reader of user input: LIBSVM, ratings, UCI bag-of-words (docword and
 * vocabulary), plain text, job spec JSON and checkpoints. Real files are mutated (bytes flipped,
 * deleted, duplicated, cut short, bad UTF-8, odd numbers and separators spliced in, gzip-compressed)
 * and each mutant must either be read or be refused with a {@link BadInputException} that names
 * the file (and, for a problem on a line, the line), within a time bound. Anything else (a
 * NumberFormatException, an index out of bounds, a hang, an OutOfMemoryError) fails the test with
 * the seed and mutation that caused it. A few refused mutants go through the command line too:
 * exit 2, "strads: error: FILE:LINE: ...", and no output directory.
 */
class ReaderFuzzTest {
    private static final int MUTANTS = 150;
    private static final long SEED = 20261122L;
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final Path DATA = Path.of(System.getProperty("strads.shared", "../../shared")).resolve("data");
    private static final String[] SPLICES = {"nan", "inf", "-inf", "1e309", "-1", "0", "99999999999999999999",
        "2147483648", "-2147483649", ":", "::", " : ", "\t\t", "1:", ":1", "1:2:3", "\u0000", "\r", "\n\n",
        "#", "x", "é", "1e-400", "0x1F", "+5", "--3", "1.2.3", "536870913:1", "0:1", "\uFEFF", ",", ";"};

    @TempDir
    Path dir;

    /** The outcome of one fuzz campaign. */
    private record Tally(String reader, int tried, int read, int refused, int distinctProblems) {
        @Override
        public String toString() {
            return String.format("FUZZ %-12s %4d mutants: %4d read, %4d refused (%d distinct messages), 0 other failures",
                    reader, tried, read, refused, distinctProblems);
        }
    }

    private static byte[] head(Path file, int lines) throws IOException {
        List<String> all = new ArrayList<>();
        try (var r = Files.newBufferedReader(file)) {
            String l;
            while (all.size() < lines && (l = r.readLine()) != null) {
                all.add(l);
            }
        }
        return (String.join("\n", all) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** One mutation of {@code seed}, described in {@code what}. */
    static byte[] mutate(byte[] seed, Random rnd, StringBuilder what) {
        byte[] b = seed.clone();
        int steps = 1 + rnd.nextInt(3);
        for (int s = 0; s < steps; s++) {
            int kind = rnd.nextInt(8);
            int at = b.length == 0 ? 0 : rnd.nextInt(b.length);
            switch (kind) {
                case 0 -> {
                    if (b.length > 0) {
                        b[at] ^= (byte) (1 + rnd.nextInt(255));
                    }
                    what.append("flip@").append(at).append(' ');
                }
                case 1 -> {
                    int len = Math.min(b.length - at, 1 + rnd.nextInt(40));
                    b = concat(slice(b, 0, at), slice(b, at + len, b.length));
                    what.append("delete@").append(at).append('+').append(len).append(' ');
                }
                case 2 -> {
                    int len = Math.min(b.length - at, 1 + rnd.nextInt(200));
                    b = concat(slice(b, 0, at + len), slice(b, at, b.length));
                    what.append("duplicate@").append(at).append('+').append(len).append(' ');
                }
                case 3 -> {
                    b = slice(b, 0, at);
                    what.append("truncate@").append(at).append(' ');
                }
                case 4 -> {
                    String splice = SPLICES[rnd.nextInt(SPLICES.length)];
                    b = concat(concat(slice(b, 0, at), splice.getBytes(StandardCharsets.UTF_8)), slice(b, at, b.length));
                    what.append("splice@").append(at).append('=').append(escape(splice)).append(' ');
                }
                case 5 -> {
                    byte[] junk = new byte[1 + rnd.nextInt(8)];
                    rnd.nextBytes(junk);
                    b = concat(concat(slice(b, 0, at), junk), slice(b, at, b.length));
                    what.append("bytes@").append(at).append(' ');
                }
                case 6 -> {
                    // a token replaced: from 'at' to the next separator
                    int end = at;
                    while (end < b.length && b[end] != ' ' && b[end] != '\t' && b[end] != '\n' && b[end] != ':'
                            && b[end] != ',') {
                        end++;
                    }
                    String splice = SPLICES[rnd.nextInt(SPLICES.length)];
                    b = concat(concat(slice(b, 0, at), splice.getBytes(StandardCharsets.UTF_8)), slice(b, end, b.length));
                    what.append("token@").append(at).append('=').append(escape(splice)).append(' ');
                }
                default -> {
                    b = new byte[0];
                    what.append("empty ");
                }
            }
            if (kind == 7) {
                break;
            }
        }
        if (rnd.nextInt(10) == 0) {
            b = gzip(b);
            what.append("gzip ");
        }
        return b;
    }

    private static String escape(String s) {
        return s.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t").replace("\u0000", "\\0");
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, Math.min(from, b.length), Math.min(Math.max(from, to), b.length));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static byte[] gzip(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    /**
     * Runs {@code read} on {@code MUTANTS} mutants of {@code seed} written to {@code file}; each
     * must be read or refused naming the file.
     */
    private Tally campaign(String name, byte[] seed, Path file, long salt, Consumer<Path> read,
                           Map<String, Path> refusedExample) throws IOException {
        Random rnd = new Random(SEED ^ salt);
        int ok = 0;
        int refused = 0;
        Map<String, Integer> messages = new TreeMap<>();
        for (int i = 0; i < MUTANTS; i++) {
            StringBuilder what = new StringBuilder();
            byte[] mutant = mutate(seed, rnd, what);
            Files.write(file, mutant);
            String context = name + " mutant " + i + " (seed " + SEED + ", " + what.toString().trim() + ")";
            try {
                assertTimeoutPreemptively(BOUND, () -> read.accept(file), context + ": took longer than " + BOUND);
                ok++;
            } catch (BadInputException e) {
                refused++;
                String m = e.getMessage();
                // A reader names the file and line it stopped at; a corpus reader may stop at a
                // sibling file that disagrees with the mutated one, and then names both.
                boolean namesFile = m.startsWith(file + ":") || m.startsWith(file.getParent() + ":")
                        || (m.startsWith(file.getParent().toString()) && m.contains(file.toString()));
                assertTrue(namesFile, context + ": the message names the file: " + m);
                messages.merge(m.replaceAll("\\d+", "N"), 1, Integer::sum);
                if (m.matches("^\\S+:\\d+: .*") && refusedExample.size() < 2) {
                    Path keep = dir.resolve(name + "-refused-" + refusedExample.size() + file.getFileName());
                    Files.write(keep, mutant);
                    refusedExample.put(m.substring(file.toString().length()), keep);
                }
            } catch (Throwable t) {
                throw new AssertionError(context + ": neither read nor refused as bad input: " + t, t);
            }
        }
        Tally t = new Tally(name, MUTANTS, ok, refused, messages.size());
        System.out.println(t);
        assertTrue(refused > 0, name + ": the mutations must produce some bad input");
        return t;
    }

    @Test
    void libsvm() throws IOException {
        Map<String, Path> refused = new LinkedHashMap<>();
        campaign("libsvm", head(DATA.resolve("lasso/diabetes.svm"), 40), dir.resolve("data.svm"), 1,
                f -> LibsvmReader.read(f), refused);
        throughTheCommandLine(refused, "lasso", "--data");
    }

    @Test
    void ratings() throws IOException {
        Map<String, Path> refused = new LinkedHashMap<>();
        campaign("ratings", head(DATA.resolve("mf/movielens_small/train.tsv"), 300), dir.resolve("train.tsv"), 2,
                RatingsReader::read, refused);
        throughTheCommandLine(refused, "mf", "--train");
    }

    @Test
    void uciDocwordAndVocabulary() throws IOException {
        Path corpus = Files.createDirectory(dir.resolve("uci"));
        Path src = DATA.resolve("lda/reuters_tm");
        byte[] docword = Files.readAllBytes(src.resolve("docword.txt"));
        byte[] vocab = Files.readAllBytes(src.resolve("vocab.txt"));
        Files.write(corpus.resolve("vocab.txt"), vocab);
        Map<String, Path> refused = new LinkedHashMap<>();
        campaign("uci-docword", docword, corpus.resolve("docword.txt"), 3, f -> UciCorpusReader.read(f.getParent()),
                refused);
        Files.write(corpus.resolve("docword.txt"), docword);
        campaign("uci-vocab", vocab, corpus.resolve("vocab.txt"), 4, f -> UciCorpusReader.read(f.getParent()),
                new LinkedHashMap<>());
        Files.write(corpus.resolve("vocab.txt"), vocab);
        for (Map.Entry<String, Path> e : refused.entrySet()) {
            Path d = Files.createDirectory(dir.resolve("uci-" + e.getValue().getFileName()));
            Files.copy(e.getValue(), d.resolve("docword.txt"));
            Files.write(d.resolve("vocab.txt"), vocab);
            refusedByTheCommandLine(d.resolve("docword.txt"), e.getKey(), "lda", "--corpus", d.toString());
        }
    }

    @Test
    void plainText() throws IOException {
        List<String> words = Files.readAllLines(DATA.resolve("lda/reuters_tm/vocab.txt"));
        Random rnd = new Random(5);
        StringBuilder text = new StringBuilder();
        for (int d = 0; d < 60; d++) {
            for (int w = 0; w < 30; w++) {
                text.append(words.get(rnd.nextInt(words.size()))).append(w % 7 == 6 ? ". " : " ");
            }
            text.append('\n');
        }
        campaign("text", text.toString().getBytes(StandardCharsets.UTF_8), dir.resolve("docs.txt"), 5,
                f -> TextCorpusReader.read(f, 2, 5), new LinkedHashMap<>());
    }

    @Test
    void jobSpecJson() {
        byte[] seed = JobSpec.defaults("lasso").withNodes(3).withSeed(4).withParams(Map.of("lambdaRatio", 0.01))
                .toJson().getBytes(StandardCharsets.UTF_8);
        Random rnd = new Random(SEED ^ 6);
        int ok = 0;
        int refused = 0;
        Map<String, Integer> messages = new TreeMap<>();
        for (int i = 0; i < MUTANTS; i++) {
            StringBuilder what = new StringBuilder();
            byte[] mutant = mutate(seed, rnd, what);
            String json = new String(mutant, StandardCharsets.UTF_8);
            try {
                assertTimeoutPreemptively(BOUND, () -> JobSpec.fromJson(json));
                ok++;
            } catch (BadInputException e) {
                refused++;
                messages.merge(e.getMessage().replaceAll("\\d+", "N").replaceAll("\\(.*", ""), 1, Integer::sum);
                assertTrue(e.getMessage().startsWith("Invalid job spec JSON") || e.getMessage().startsWith("Invalid --"),
                        "job spec mutant " + i + " (" + what + "): " + e.getMessage());
            } catch (Throwable t) {
                throw new AssertionError("job spec mutant " + i + " (" + what + "): neither read nor refused: " + t, t);
            }
        }
        System.out.println(new Tally("job-spec", MUTANTS, ok, refused, messages.size()));
        assertTrue(refused > MUTANTS / 2, "most mutants of a JSON document are refused: " + refused);
    }

    @Test
    void checkpoints() throws IOException {
        java.util.LinkedHashMap<Long, Object> params = new java.util.LinkedHashMap<>();
        for (long j = 0; j < 50; j++) {
            params.put(j, j * 0.5);
        }
        byte[] seed = new Checkpoint("lasso-1", JobSpec.defaults("lasso").withNodes(2), "ab;", 40, 900, 2.0, false,
                List.of(Map.of("round", 40)), JdkSerialization.toBytes(7), new byte[][] {{1}, {2}},
                Checkpoint.encodeParams(params)).toBytes();
        Tally t = campaign("checkpoint", seed, dir.resolve("checkpoint.strads"), 7,
                f -> {
                    try {
                        Checkpoint.fromBytes(Files.readAllBytes(f), f.toString());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, new LinkedHashMap<>());
        assertTrue(t.refused() > MUTANTS * 9 / 10, "a checkpoint's checksum refuses almost every mutant: " + t);
    }

    private void throughTheCommandLine(Map<String, Path> refused, String app, String option) {
        for (Map.Entry<String, Path> e : refused.entrySet()) {
            refusedByTheCommandLine(e.getValue(), e.getKey(), app, option, e.getValue().toString());
        }
    }

    /** The command line refuses the file with exit 2 and the reader's message, and writes nothing. */
    private void refusedByTheCommandLine(Path file, String problem, String app, String option, String value) {
        Path out = dir.resolve("out-" + file.getFileName());
        Cli.Result r = Cli.run("run", app, option, value, "--out", out.toString(), "--quiet");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("strads: error: " + file + problem.substring(0, problem.indexOf(':', 1) + 1)),
                "names the file and line: " + r);
        assertEquals("", r.out(), "nothing on stdout");
        assertFalse(Files.exists(out), "no output directory");
    }
}

package org.strads4j.apps.lda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strads4j.api.BadInputException;
import org.strads4j.api.Job;
import org.strads4j.io.DataFiles;
import org.strads4j.io.MemoryBudget;

/** LDA input: gzip, strict UTF-8, a UCI header that must agree with its body, sizes refused, provenance. */
class LdaInputTest {
    @TempDir
    Path dir;

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private Path uci(String docword, String vocab) throws IOException {
        Files.writeString(dir.resolve("docword.txt"), docword);
        Files.writeString(dir.resolve("vocab.txt"), vocab);
        return dir;
    }

    private String uciError(String docword, String vocab) throws IOException {
        Path d = uci(docword, vocab);
        return assertThrows(BadInputException.class, () -> UciCorpusReader.read(d)).getMessage();
    }

    @Test
    void uciFilesAreReadGzippedWhateverTheirNames() throws IOException {
        Files.write(dir.resolve("docword.txt"), gzip("2\n3\n3\n1 1 2\n2 2 1\n2 3 1\n"));   // gzip, plain name
        Files.write(dir.resolve("vocab.txt.gz"), gzip("apple\nbanana\ncherry\n"));
        Corpus c = UciCorpusReader.read(dir);
        assertEquals(List.of("apple", "banana", "cherry"), c.vocabulary());
        assertEquals(4, c.tokens());
        assertEquals(2, c.documents());
    }

    @Test
    void plainTextIsReadGzippedWhateverItsName() throws IOException {
        Path f = dir.resolve("docs.txt");
        Files.write(f, gzip("apple banana apple\nbanana cherry apple\n"));
        Corpus c = TextCorpusReader.read(f, 1, 1);
        assertEquals(List.of("apple", "banana", "cherry"), c.vocabulary());
        assertEquals(6, c.tokens());
    }

    @Test
    void textThatIsNotUtf8NamesFileAndLine() throws IOException {
        Files.writeString(dir.resolve("docword.txt"), "1\n2\n1\n1 1 1\n");
        Files.write(dir.resolve("vocab.txt"), "apple\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(dir.resolve("vocab.txt") + ":2: not UTF-8 text",
                assertThrows(BadInputException.class, () -> UciCorpusReader.read(dir)).getMessage());
        Path f = dir.resolve("docs.txt");
        Files.write(f, "apple pie\nbanana\nna\u00efve apple\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(f + ":3: not UTF-8 text",
                assertThrows(BadInputException.class, () -> TextCorpusReader.read(f, 1, 1)).getMessage());
    }

    @Test
    void aHeaderThatDisagreesWithTheBodyIsRefusedWithItsLine() throws IOException {
        String docword = dir.resolve("docword.txt").toString();
        String vocab = dir.resolve("vocab.txt").toString();
        assertEquals(docword + ":1: D = 3 but the last document of the body (line 5) is 2",
                uciError("3\n2\n2\n1 1 1\n2 2 1\n", "a\nb\n"));
        assertEquals(docword + ":5: document id 2 outside 1..1 (D on line 1)",
                uciError("1\n2\n2\n1 1 1\n2 2 1\n", "a\nb\n"));
        assertEquals(docword + ":5: more entries than NNZ = 1 (line 3)",
                uciError("2\n2\n1\n1 1 1\n2 2 1\n", "a\nb\n"));
        assertEquals(docword + ":3: NNZ = 3 but the file has 2 entries",
                uciError("2\n2\n3\n1 1 1\n2 2 1\n", "a\nb\n"));
        assertEquals(docword + ":4: word id 3 outside 1..2 (W on line 2)",
                uciError("1\n2\n1\n1 3 1\n", "a\nb\n"));
        assertEquals(docword + ":2: W = 2 but " + vocab + " has 3 words",
                uciError("1\n2\n1\n1 1 1\n", "a\nb\nc\n"));
        assertEquals(docword + ":2: W = 4 but " + vocab + " has 3 words",
                uciError("1\n4\n1\n1 1 1\n", "a\nb\nc\n"));
    }

    @Test
    void aHeaderClaimingAHugeCorpusAllocatesNothing() throws IOException {
        String docword = dir.resolve("docword.txt").toString();
        assertEquals(docword + ":1: D = 2000000000 but the last document of the body (line 4) is 1",
                uciError("2000000000\n1\n1\n1 1 1\n", "a\n"));
        assertEquals(docword + ":1: invalid D (number of documents): 3000000000 (must be 1..2147483639)",
                uciError("3000000000\n1\n1\n1 1 1\n", "a\n"));
        assertEquals(docword + ":2: W = 2000000000 but " + dir.resolve("vocab.txt") + " has 1 words",
                uciError("1\n2000000000\n1\n1 1 1\n", "a\n"));
    }

    @Test
    void tooManyTopicsIsAnOptionError() {
        assertEquals("Invalid --topics: 100000 (must be 1..65536)",
                assertThrows(BadInputException.class, () -> LdaOptions.defaults().withTopics(100_000)).getMessage());
    }

    @Test
    void topicsThatLeaveTooFewCountBitsAreRefused() {
        int[] words = new int[40_001];
        words[40_000] = 1;                                 // word 'the' 40,000 times, 'cat' once
        Corpus c = new Corpus(List.of("the", "cat"), new int[] {1}, new int[] {0, words.length}, words, "one.txt");
        BadInputException e = assertThrows(BadInputException.class,
                () -> new LdaPlanner(c, new LdaHyperparameters(65_536, 0.1, 0.01, 2, 1), 1, 1));
        assertEquals("Invalid --topics: 65536 (a word-topic slot packs count << 16 | topic into an int, so a count"
                + " stops at 32767, but word 'the' has 40000 tokens in one.txt; use at most 32768 topics)", e.getMessage());
        new LdaPlanner(c, new LdaHyperparameters(32_768, 0.1, 0.01, 2, 1), 1, 1);
    }

    @Test
    void topicsWhoseCountsCannotFitInTheHeapAreRefusedBeforeAllocating() {
        int documents = 200_000;
        List<String> vocab = new ArrayList<>();
        for (int w = 0; w < 20; w++) {
            vocab.add("w" + w);
        }
        int[] ids = new int[documents];
        int[] offsets = new int[documents + 1];
        int[] words = new int[documents];
        for (int d = 0; d < documents; d++) {
            ids[d] = d + 1;
            offsets[d + 1] = d + 1;
            words[d] = d % 20;
        }
        Corpus c = new Corpus(vocab, ids, offsets, words, "many.txt");
        LdaHyperparameters h = new LdaHyperparameters(65_536, 0.1, 0.01, 20, 2);
        long needed = LdaMemoryEstimate.of(c, VocabularyBlocks.balanced(c.wordFrequencies(), 2, 65_536), 2, 65_536)
                .heapBytes();
        assumeTrue(MemoryBudget.withHeadroom(needed) > Runtime.getRuntime().maxMemory(), "a heap this large runs it");
        assertTrue(needed > 4L * documents * 65_536, "every document's topic counts: " + needed);
        BadInputException e = assertThrows(BadInputException.class, () -> new LdaPlanner(c, h, 2, 1));
        assertTrue(e.getMessage().startsWith("Invalid --topics: 65536 (the lda job (200,000 documents, 20 words,"
                + " 200,000 tokens, 65,536 topics, 2 nodes) needs about "), e.getMessage());
        assertTrue(e.getMessage().endsWith(", or lower --topics)"), e.getMessage());
    }

    @Test
    void provenanceListsEveryFileReadTheBundledOnesToo() throws Exception {
        CorpusLoader.Loaded bundled = CorpusLoader.load(null, 5, 1);
        byte[] docword = resource("brown/docword.txt.gz");
        byte[] vocab = resource("brown/vocab.txt.gz");
        assertEquals(List.of(new DataFiles.Input("bundled:brown/docword.txt.gz", docword.length, sha256(docword)),
                new DataFiles.Input("bundled:brown/vocab.txt.gz", vocab.length, sha256(vocab))),
                bundled.provenance().get("inputs"));
        Files.write(dir.resolve("docword.txt.gz"), gzip("1\n2\n2\n1 1 3\n1 2 1\n"));
        Files.writeString(dir.resolve("vocab.txt"), "a\nb\n");
        assertEquals(List.of(DataFiles.input(dir.resolve("docword.txt.gz")), DataFiles.input(dir.resolve("vocab.txt"))),
                CorpusLoader.load(dir, 5, 1).provenance().get("inputs"));
        Path text = dir.resolve("docs.txt");
        Files.writeString(text, "apple banana\napple cherry\n");
        CorpusLoader.Loaded t = CorpusLoader.load(text, 1, 1);
        assertEquals(List.of(DataFiles.input(text)), t.provenance().get("inputs"));
        for (String gone : List.of("sha256", "docwordSha256")) {
            assertTrue(!t.provenance().containsKey(gone) && !bundled.provenance().containsKey(gone), gone);
        }
        Job job = new LdaApp().plan(LdaOptions.defaults().withIterations(1).spec(1, 1));
        assertEquals(bundled.provenance().get("inputs"), job.provenance().get("inputs"));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = CorpusLoader.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}

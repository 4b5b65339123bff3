package org.strads4j.apps.lda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strads4j.api.BadInputException;

class CorpusReaderTest {
    @TempDir
    Path dir;

    private Path uci(String docword, String vocab) throws IOException {
        Files.writeString(dir.resolve("docword.txt"), docword);
        Files.writeString(dir.resolve("vocab.txt"), vocab);
        return dir;
    }

    @Test
    void readsUciBagOfWordsIntoTokens() throws IOException {
        Corpus c = UciCorpusReader.read(uci("3\n3\n4\n1 1 2\n1 3 1\n3 2 1\n3 3 1\n", "apple\nbanana\ncherry\n"));
        assertEquals(3, c.documents());
        assertEquals(5, c.tokens());
        assertArrayEquals(new int[] {0, 3, 3, 5}, c.offsets());
        assertArrayEquals(new int[] {0, 0, 2, 1, 2}, c.words());
        assertArrayEquals(new int[] {1, 2, 3}, c.docIds());
        assertEquals(List.of("apple", "banana", "cherry"), c.vocabulary());
    }

    @Test
    void badLinesNameTheFileAndLine() throws IOException {
        BadInputException e = assertThrows(BadInputException.class,
                () -> UciCorpusReader.read(uci("2\n2\n2\n1 1 1\n1 x 1\n", "a\nb\n")));
        assertTrue(e.getMessage().contains("docword.txt:5:"), e.getMessage());
        assertTrue(e.getMessage().contains("not an integer"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> UciCorpusReader.read(uci("2\n2\n1\n1 3 1\n", "a\nb\n")));
        assertTrue(e.getMessage().contains("docword.txt:4: word id 3 outside 1..2"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> UciCorpusReader.read(uci("2\n2\n1\n1 1 0\n", "a\nb\n")));
        assertTrue(e.getMessage().contains("docword.txt:4: count 0"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> UciCorpusReader.read(uci("2\n3\n1\n1 1 1\n", "a\nb\n")));
        assertTrue(e.getMessage().contains("docword.txt:2: W = 3 but"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> UciCorpusReader.read(uci("2\n2\n3\n1 1 1\n", "a\nb\n")));
        assertTrue(e.getMessage().contains("docword.txt:3: NNZ = 3 but the file has 1 entries"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> UciCorpusReader.read(uci("two\n2\n3\n", "a\nb\n")));
        assertTrue(e.getMessage().contains("docword.txt:1:"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> UciCorpusReader.read(uci("1\n2\n1\n1 1 1\n", "a\n\n")));
        assertTrue(e.getMessage().contains("vocab.txt:2: empty word"), e.getMessage());
    }

    @Test
    void plainTextIsTokenisedFilteredAndIndexed() throws IOException {
        Path f = dir.resolve("docs.txt");
        Files.writeString(f, "The Apple and the banana, APPLE pie!\n"
                + "an apple a day keeps the doctor away\n"
                + "\n"
                + "banana split: 42 bananas; supercalifragilisticexpialidocious banana\n");
        Corpus c = TextCorpusReader.read(f, 2, 1);
        // words in at least 2 documents: apple (docs 1, 2), banana (docs 1, 4); "the", "and", "a" are stop words
        assertEquals(List.of("apple", "banana"), c.vocabulary());
        assertArrayEquals(new int[] {1, 2, 4}, c.docIds());
        assertArrayEquals(new int[] {0, 1, 0, 0, 1, 1}, c.words());
        assertEquals(List.of("apple", "pie", "day", "keeps"), TextCorpusReader.tokens("an APPLE pie, a day keeps"));
        assertTrue(TextCorpusReader.isStopWord("whereupon"));
        assertFalse(TextCorpusReader.isStopWord("apple"));
        Corpus longDocs = TextCorpusReader.read(f, 2, 2);
        assertArrayEquals(new int[] {1, 4}, longDocs.docIds());
    }

    @Test
    void plainTextWithNothingLeftIsAnError() throws IOException {
        Path f = dir.resolve("docs.txt");
        Files.writeString(f, "the and of\nunique words only\n");
        BadInputException e = assertThrows(BadInputException.class, () -> TextCorpusReader.read(f, 2, 1));
        assertTrue(e.getMessage().contains("docs.txt"), e.getMessage());
    }

    @Test
    void missingCorpusIsAnOptionError() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> CorpusLoader.load(dir.resolve("nope"), 5, 1));
        assertEquals("Invalid --corpus: " + dir.resolve("nope") + " (no such file or directory)", e.getMessage());
    }

    @Test
    void bundledCorpusIsTheBrownCorpus() {
        Corpus c = CorpusLoader.bundled();
        assertEquals(500, c.documents());
        assertEquals(10_705, c.vocabularySize());
        assertEquals(403_289, c.tokens());
    }

    @Test
    void uciRoundTrip() throws IOException {
        Corpus c = SyntheticCorpus.generate(3, 10, 20, 15, 9);
        c.writeUci(dir.resolve("syn"));
        Corpus back = UciCorpusReader.read(dir.resolve("syn"));
        assertEquals(c.vocabulary(), back.vocabulary());
        assertArrayEquals(c.offsets(), back.offsets());
        assertArrayEquals(c.wordFrequencies(), back.wordFrequencies());
    }
}

package org.strads4j.apps.lda;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.strads4j.api.BadInputException;
import org.strads4j.io.InputFiles;
import org.strads4j.io.MemoryBudget;

/**
 * Reads a corpus in the UCI bag-of-words format: {@code docword.txt} (line 1 D, line 2 W, line 3
 * NNZ, then {@code docId wordId count} lines, 1-based, sorted by document) and {@code vocab.txt}
 * (word {@code k} on line {@code k}). Either file may be gzipped ({@code docword.txt.gz}; gzip is
 * recognised by its content, {@link InputFiles}). Every problem is reported as a
 * {@link BadInputException} naming the file and line.
 *
 * <p>The header must agree with the body: vocab.txt has exactly W words, every word id is in
 * {@code 1..W}, every document id in {@code 1..D} and the last document is D (a header claiming
 * more documents than the body has is refused), and there are exactly NNZ entries. Nothing is
 * allocated from the header's numbers, so a header claiming a huge corpus cannot exhaust the heap.
 */
public final class UciCorpusReader {
    private UciCorpusReader() {
    }

    /** True when {@code dir} holds a UCI corpus (plain or gzipped). */
    public static boolean isUciDirectory(Path dir) {
        return Files.isDirectory(dir) && find(dir, "docword.txt") != null;
    }

    /** The docword file of {@code dir}: {@code docword.txt}, else {@code docword.txt.gz}. */
    public static Path docwordFile(Path dir) {
        Path docword = find(dir, "docword.txt");
        if (docword == null) {
            throw new BadInputException(dir, "no docword.txt (UCI bag-of-words) in this directory");
        }
        return docword;
    }

    /** The vocabulary file of {@code dir}: {@code vocab.txt}, else {@code vocab.txt.gz}. */
    public static Path vocabFile(Path dir) {
        Path vocab = find(dir, "vocab.txt");
        if (vocab == null) {
            throw new BadInputException(dir, "no vocab.txt beside docword.txt");
        }
        return vocab;
    }

    /** Reads {@code dir/docword.txt} and {@code dir/vocab.txt} (or their {@code .gz}). */
    public static Corpus read(Path dir) {
        Path docword = docwordFile(dir);
        Path vocab = vocabFile(dir);
        List<String> words;
        try (BufferedReader v = InputFiles.open(vocab)) {
            words = readVocabulary(v, vocab);
        } catch (IOException e) {
            throw new BadInputException(vocab, "cannot read: " + e.getMessage(), e);
        }
        try (BufferedReader d = InputFiles.open(docword)) {
            return readDocwords(d, docword, words, vocab, dir.toString());
        } catch (IOException e) {
            throw new BadInputException(docword, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a corpus from two streams, plain or gzip (bundled resources); {@code docwordName} and
     * {@code vocabName} label errors. The caller closes the streams.
     */
    public static Corpus read(InputStream docword, Path docwordName, InputStream vocab, Path vocabName,
                              String source) throws IOException {
        List<String> words = readVocabulary(InputFiles.open(vocab), vocabName);
        return readDocwords(InputFiles.open(docword), docwordName, words, vocabName, source);
    }

    private static Path find(Path dir, String name) {
        Path plain = dir.resolve(name);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gz = dir.resolve(name + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }

    private static List<String> readVocabulary(BufferedReader r, Path file) {
        List<String> words = new ArrayList<>();
        long line = 0;
        try {
            String s;
            while ((s = r.readLine()) != null) {
                line++;
                String w = s.strip();
                if (w.isEmpty()) {
                    throw new BadInputException(file, line, "empty word");
                }
                words.add(w);
            }
        } catch (IOException e) {
            throw InputFiles.readError(file, line + 1, e);
        } catch (OutOfMemoryError e) {
            words = null;
            throw MemoryBudget.doesNotFit(file, line, line + " words read");
        }
        if (words.isEmpty()) {
            throw new BadInputException(file, "empty vocabulary");
        }
        return words;
    }

    /** The three header numbers of a docword file. */
    private record Header(long documents, long vocabulary, long entries) {
    }

    /** The entries of a docword body as read: parallel lists, and the token count of each document. */
    private static final class Body {
        final IntList docs = new IntList();
        final IntList wordIds = new IntList();
        final IntList counts = new IntList();
        final IntList lengths = new IntList();
        long entries;
        long tokens;
        int lastDoc;
    }

    private static Corpus readDocwords(BufferedReader r, Path file, List<String> vocab, Path vocabFile, String source) {
        Body body = new Body();
        long line = 0;
        Header h;
        try {
            h = new Header(header(r.readLine(), file, ++line, "D (number of documents)", Integer.MAX_VALUE - 8),
                    header(r.readLine(), file, ++line, "W (vocabulary size)", Integer.MAX_VALUE - 8),
                    header(r.readLine(), file, ++line, "NNZ (number of entries)", Long.MAX_VALUE));
            if (h.vocabulary() != vocab.size()) {
                throw new BadInputException(file, 2, "W = " + h.vocabulary() + " but " + vocabFile + " has "
                        + vocab.size() + " words");
            }
            String s;
            while ((s = r.readLine()) != null) {
                line++;
                if (!s.isBlank()) {
                    addEntry(fields(s, file, line), h, body, file, line);
                }
            }
        } catch (IOException e) {
            throw InputFiles.readError(file, line + 1, e);
        } catch (OutOfMemoryError e) {
            long read = body.entries;
            body = null;
            throw MemoryBudget.doesNotFit(file, line, read + " entries read");
        }
        checkTotals(h, body, file, line);
        MemoryBudget.require(file + ": the corpus (" + body.tokens + " tokens in " + body.lastDoc + " documents)",
                corpusBytes(body));
        return build(vocab, body, source);
    }

    private static void addEntry(long[] f, Header h, Body body, Path file, long line) {
        if (f[0] < 1 || f[0] > h.documents()) {
            throw new BadInputException(file, line, "document id " + f[0] + " outside 1.." + h.documents()
                    + " (D on line 1)");
        }
        if (f[1] < 1 || f[1] > h.vocabulary()) {
            throw new BadInputException(file, line, "word id " + f[1] + " outside 1.." + h.vocabulary()
                    + " (W on line 2)");
        }
        if (f[2] < 1 || f[2] > Integer.MAX_VALUE) {
            throw new BadInputException(file, line, "count " + f[2] + " must be a positive integer");
        }
        if (f[0] < body.lastDoc) {
            throw new BadInputException(file, line, "document ids must be sorted (got " + f[0] + " after "
                    + body.lastDoc + ")");
        }
        if (body.entries == h.entries()) {
            throw new BadInputException(file, line, "more entries than NNZ = " + h.entries() + " (line 3)");
        }
        body.tokens += f[2];
        if (body.tokens > Integer.MAX_VALUE - 8) {
            throw new BadInputException(file, line, "more than " + (Integer.MAX_VALUE - 8) + " tokens");
        }
        int doc = (int) f[0];
        while (body.lengths.size() < doc) {
            body.lengths.add(0);
        }
        body.lengths.set(doc - 1, body.lengths.get(doc - 1) + (int) f[2]);
        body.lastDoc = doc;
        body.entries++;
        body.docs.add(doc - 1);
        body.wordIds.add((int) f[1] - 1);
        body.counts.add((int) f[2]);
    }

    /** The header's D and NNZ against the body read to its end (line {@code lastLine}). */
    private static void checkTotals(Header h, Body body, Path file, long lastLine) {
        if (body.entries != h.entries()) {
            throw new BadInputException(file, 3, "NNZ = " + h.entries() + " but the file has " + body.entries
                    + " entries");
        }
        if (body.lastDoc != h.documents()) {
            throw new BadInputException(file, 1, "D = " + h.documents() + " but the last document of the body"
                    + " (line " + lastLine + ") is " + body.lastDoc);
        }
    }

    /** The heap {@link #build} allocates: the token array and the document offsets and ids. */
    private static long corpusBytes(Body body) {
        return MemoryBudget.ints(body.tokens) + 3 * MemoryBudget.ints(body.lastDoc + 1L);
    }

    private static Corpus build(List<String> vocab, Body body, String source) {
        int d = body.lastDoc;
        int[] offsets = new int[d + 1];
        int[] ids = new int[d];
        for (int i = 0; i < d; i++) {
            offsets[i + 1] = offsets[i] + body.lengths.get(i);
            ids[i] = i + 1;
        }
        int[] words = new int[(int) body.tokens];
        int[] fill = offsets.clone();
        for (int e = 0; e < body.docs.size(); e++) {
            int doc = body.docs.get(e);
            int word = body.wordIds.get(e);
            for (int c = body.counts.get(e); c > 0; c--) {
                words[fill[doc]++] = word;
            }
        }
        return new Corpus(vocab, ids, offsets, words, source);
    }

    private static long header(String s, Path file, long line, String what, long max) {
        if (s == null) {
            throw new BadInputException(file, line, "missing header line " + line + ": " + what);
        }
        long v;
        try {
            v = Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw new BadInputException(file, line, "header line " + line + " must be " + what + ", got '"
                    + s.strip() + "'");
        }
        if (v < 1 || v > max) {
            throw new BadInputException(file, line, "invalid " + what + ": " + s.strip() + " (must be 1.." + max + ")");
        }
        return v;
    }

    private static long[] fields(String s, Path file, long line) {
        String[] f = s.strip().split("\\s+");
        if (f.length != 3) {
            throw new BadInputException(file, line, "expected 'docId wordId count', got '" + s.strip() + "'");
        }
        long[] v = new long[3];
        for (int i = 0; i < 3; i++) {
            try {
                v[i] = Long.parseLong(f[i]);
            } catch (NumberFormatException e) {
                throw new BadInputException(file, line, "not an integer: '" + f[i] + "'");
            }
        }
        return v;
    }
}

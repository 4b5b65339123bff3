package org.strads4j.apps.lda;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.strads4j.api.BadInputException;
import org.strads4j.io.InputFiles;
import org.strads4j.io.MemoryBudget;

/**
 * Reads plain text, one document per line, the way shared/data/lda was built: lower-cased, tokens
 * {@code [a-z]+} of length 3..20, sklearn's English stop words removed, words in fewer than
 * {@code minDf} documents dropped, documents left with fewer than {@code minLength} tokens
 * dropped. A document's id is its line number. The vocabulary is sorted. The file may be
 * gzip-compressed, whatever its name; text that is not UTF-8 is refused with its line.
 */
public final class TextCorpusReader {
    private static final int MIN_WORD = 3;
    private static final int MAX_WORD = 20;
    private static final Set<String> STOP_WORDS = loadStopWords();

    private TextCorpusReader() {
    }

    /** Reads {@code file} (plain or gzip); fails with a {@link BadInputException} naming the file and line. */
    public static Corpus read(Path file, int minDf, int minLength) {
        try (BufferedReader r = InputFiles.open(file)) {
            return read(r, file, minDf, minLength);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads text from {@code in} (plain or gzip); {@code file} labels errors. The caller closes {@code in}. */
    static Corpus read(InputStream in, Path file, int minDf, int minLength) throws IOException {
        return read(InputFiles.open(in), file, minDf, minLength);
    }

    private static Corpus read(BufferedReader r, Path file, int minDf, int minLength) {
        List<List<String>> docs = new ArrayList<>();
        IntList lines = new IntList();
        Map<String, Integer> df = new HashMap<>();
        long line = 0;
        try {
            String s;
            while ((s = r.readLine()) != null) {
                line++;
                List<String> t = tokens(s);
                for (String w : new HashSet<>(t)) {
                    df.merge(w, 1, Integer::sum);
                }
                docs.add(t);
                lines.add((int) line);
            }
        } catch (IOException e) {
            throw InputFiles.readError(file, line + 1, e);
        } catch (OutOfMemoryError e) {
            docs = null;
            df = null;
            throw MemoryBudget.doesNotFit(file, line, line + " lines read");
        }
        List<String> vocab = new ArrayList<>();
        for (Map.Entry<String, Integer> e : df.entrySet()) {
            if (e.getValue() >= minDf) {
                vocab.add(e.getKey());
            }
        }
        vocab.sort(null);
        if (vocab.isEmpty()) {
            throw new BadInputException(file, "no word of 3..20 letters (not a stop word) occurs in at least "
                    + minDf + " of its " + line + " lines (--min-df " + minDf + ")");
        }
        try {
            return index(docs, lines, vocab, minLength, file);
        } catch (OutOfMemoryError e) {
            int documents = docs.size();
            docs = null;
            throw MemoryBudget.doesNotFit(file, line, "indexing the tokens of " + documents + " documents");
        }
    }

    private static Corpus index(List<List<String>> docs, IntList lines, List<String> vocab, int minLength, Path file) {
        Map<String, Integer> id = new HashMap<>(vocab.size() * 2);
        for (int i = 0; i < vocab.size(); i++) {
            id.put(vocab.get(i), i);
        }
        IntList words = new IntList();
        IntList offsets = new IntList();
        IntList docIds = new IntList();
        offsets.add(0);
        IntList doc = new IntList();
        for (int d = 0; d < docs.size(); d++) {
            doc.clear();
            for (String w : docs.get(d)) {
                Integer i = id.get(w);
                if (i != null) {
                    doc.add(i);
                }
            }
            if (doc.size() == 0 || doc.size() < minLength) {
                continue;
            }
            for (int i = 0; i < doc.size(); i++) {
                words.add(doc.get(i));
            }
            offsets.add(words.size());
            docIds.add(lines.get(d));
        }
        if (docIds.size() == 0) {
            throw new BadInputException(file, "no document keeps " + minLength + " or more tokens (--min-doc-length)");
        }
        return new Corpus(vocab, docIds.toArray(), offsets.toArray(), words.toArray(), file.toString());
    }

    /** The tokens of one line: lower-cased {@code [a-z]+} runs of 3..20 letters, stop words removed. */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        String s = text.toLowerCase(java.util.Locale.ROOT);
        int n = s.length();
        int i = 0;
        while (i < n) {
            while (i < n && !isLetter(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && isLetter(s.charAt(i))) {
                i++;
            }
            int len = i - start;
            if (len >= MIN_WORD && len <= MAX_WORD) {
                String w = s.substring(start, i);
                if (!STOP_WORDS.contains(w)) {
                    out.add(w);
                }
            }
        }
        return out;
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z';
    }

    /** True when {@code word} is one of the stop words. */
    static boolean isStopWord(String word) {
        return STOP_WORDS.contains(word);
    }

    private static Set<String> loadStopWords() {
        Set<String> s = new HashSet<>();
        try (InputStream in = TextCorpusReader.class.getResourceAsStream("stopwords.txt");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.startsWith("#")) {
                    for (String w : line.trim().split("\\s+")) {
                        if (!w.isEmpty()) {
                            s.add(w);
                        }
                    }
                }
            }
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("stop-word list missing from the class path", e);
        }
        return Set.copyOf(s);
    }
}

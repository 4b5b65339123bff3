package org.strads4j.apps.lda;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.strads4j.api.BadInputException;

/**
 * Reads a corpus in the UCI bag-of-words format: {@code docword.txt} (line 1 D, line 2 W, line 3
 * NNZ, then {@code docId wordId count} lines, 1-based) and {@code vocab.txt} (word {@code k} on
 * line {@code k}). Either file may be gzipped ({@code docword.txt.gz}). Every problem is reported
 * as a {@link BadInputException} naming the file and line.
 */
public final class UciCorpusReader {
    private UciCorpusReader() {
    }

    /** True when {@code dir} holds a UCI corpus (plain or gzipped). */
    public static boolean isUciDirectory(Path dir) {
        return Files.isDirectory(dir) && find(dir, "docword.txt") != null;
    }

    /** Reads {@code dir/docword.txt} and {@code dir/vocab.txt} (or their {@code .gz}). */
    public static Corpus read(Path dir) {
        Path docword = find(dir, "docword.txt");
        Path vocab = find(dir, "vocab.txt");
        if (docword == null) {
            throw new BadInputException(dir, "no docword.txt (UCI bag-of-words) in this directory");
        }
        if (vocab == null) {
            throw new BadInputException(dir, "no vocab.txt beside docword.txt");
        }
        try (InputStream d = open(docword); InputStream v = open(vocab)) {
            return read(d, docword, v, vocab, dir.toString());
        } catch (IOException e) {
            throw new BadInputException(dir, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads a corpus from two streams; {@code docwordName} and {@code vocabName} label errors. */
    public static Corpus read(InputStream docword, Path docwordName, InputStream vocab, Path vocabName,
                              String source) {
        List<String> words = readVocabulary(vocab, vocabName);
        return readDocwords(docword, docwordName, words, vocabName, source);
    }

    private static Path find(Path dir, String name) {
        Path plain = dir.resolve(name);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gz = dir.resolve(name + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }

    static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    static BufferedReader utf8(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
    }

    private static List<String> readVocabulary(InputStream in, Path file) {
        List<String> words = new ArrayList<>();
        long line = 0;
        try (BufferedReader r = utf8(in)) {
            String s;
            while ((s = r.readLine()) != null) {
                line++;
                String w = s.strip();
                if (w.isEmpty()) {
                    throw new BadInputException(file, line, "empty word");
                }
                words.add(w);
            }
        } catch (CharacterCodingException e) {
            throw new BadInputException(file, line + 1, "not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (words.isEmpty()) {
            throw new BadInputException(file, "empty vocabulary");
        }
        return words;
    }

    private static Corpus readDocwords(InputStream in, Path file, List<String> vocab, Path vocabFile, String source) {
        long line = 0;
        try (BufferedReader r = utf8(in)) {
            int d = (int) header(r.readLine(), file, ++line, "D (number of documents)", Integer.MAX_VALUE);
            int w = (int) header(r.readLine(), file, ++line, "W (vocabulary size)", Integer.MAX_VALUE);
            long nnz = header(r.readLine(), file, ++line, "NNZ (number of entries)", Long.MAX_VALUE);
            if (w != vocab.size()) {
                throw new BadInputException(file, 2, "W = " + w + " but " + vocabFile + " has " + vocab.size() + " words");
            }
            int[] lengths = new int[d];
            IntList docs = new IntList();
            IntList wordIds = new IntList();
            IntList counts = new IntList();
            long entries = 0;
            long total = 0;
            int lastDoc = 0;
            String s;
            while ((s = r.readLine()) != null) {
                line++;
                if (s.isBlank()) {
                    continue;
                }
                long[] f = fields(s, file, line);
                if (f[0] < 1 || f[0] > d) {
                    throw new BadInputException(file, line, "document id " + f[0] + " outside 1.." + d);
                }
                if (f[1] < 1 || f[1] > w) {
                    throw new BadInputException(file, line, "word id " + f[1] + " outside 1.." + w);
                }
                if (f[2] < 1 || f[2] > Integer.MAX_VALUE) {
                    throw new BadInputException(file, line, "count " + f[2] + " must be a positive integer");
                }
                if (f[0] < lastDoc) {
                    throw new BadInputException(file, line, "document ids must be sorted (got " + f[0] + " after " + lastDoc + ")");
                }
                lastDoc = (int) f[0];
                entries++;
                total += f[2];
                if (total > Integer.MAX_VALUE - 8) {
                    throw new BadInputException(file, line, "more than 2^31 tokens");
                }
                docs.add((int) f[0] - 1);
                wordIds.add((int) f[1] - 1);
                counts.add((int) f[2]);
                lengths[(int) f[0] - 1] += (int) f[2];
            }
            if (entries != nnz) {
                throw new BadInputException(file, 3, "NNZ = " + nnz + " but the file has " + entries + " entries");
            }
            return build(vocab, lengths, docs, wordIds, counts, (int) total, source);
        } catch (CharacterCodingException e) {
            throw new BadInputException(file, line + 1, "not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Corpus build(List<String> vocab, int[] lengths, IntList docs, IntList wordIds, IntList counts,
                                int total, String source) {
        int d = lengths.length;
        int[] offsets = new int[d + 1];
        int[] ids = new int[d];
        for (int i = 0; i < d; i++) {
            offsets[i + 1] = offsets[i] + lengths[i];
            ids[i] = i + 1;
        }
        int[] words = new int[total];
        int[] fill = offsets.clone();
        for (int e = 0; e < docs.size(); e++) {
            int doc = docs.get(e);
            int word = wordIds.get(e);
            for (int c = counts.get(e); c > 0; c--) {
                words[fill[doc]++] = word;
            }
        }
        return new Corpus(vocab, ids, offsets, words, source);
    }

    private static long header(String s, Path file, long line, String what, long max) {
        if (s == null) {
            throw new BadInputException(file, line, "missing header line " + line + ": " + what);
        }
        try {
            long v = Long.parseLong(s.strip());
            if (v < 1 || v > max) {
                throw new BadInputException(file, line, "invalid " + what + ": " + s.strip());
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BadInputException(file, line, "header line " + line + " must be " + what + ", got '" + s.strip() + "'");
        }
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

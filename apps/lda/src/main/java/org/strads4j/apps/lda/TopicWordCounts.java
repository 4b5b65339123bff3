package org.strads4j.apps.lda;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strads4j.api.BadInputException;
import org.strads4j.io.Json;

/**
 * A trained LDA model as inference needs it: the vocabulary, the word-topic counts n_wk (sparse,
 * by word), the topic totals n_k, alpha and beta. A run writes it to its output directory
 * ({@value #MODEL_FILE} and {@value #COUNTS_FILE}); {@code strads infer} and held-out evaluation
 * read it. Topic-word probabilities are the posterior means
 * {@code phi_kw = (n_wk + beta) / (n_k + W beta)} ({@link #column}).
 */
public final class TopicWordCounts implements HeldOutEvaluator.Topics, java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** The model's hyperparameters and provenance. */
    public static final String MODEL_FILE = "model.json";
    /** One line per vocabulary word: the word, then its topic:count pairs. */
    public static final String COUNTS_FILE = "word_topic_counts.txt";
    /** The format named in model.json. */
    public static final String FORMAT = "strads4j-lda-model";
    public static final int VERSION = 1;

    private final List<String> vocabulary;
    private final int topics;
    private final double alpha;
    private final double beta;
    private final int[] wordStart;
    private final int[] topicOf;
    private final int[] countOf;
    private final long[] totals;

    private TopicWordCounts(List<String> vocabulary, int topics, double alpha, double beta, int[] wordStart,
                            int[] topicOf, int[] countOf) {
        this.vocabulary = List.copyOf(vocabulary);
        this.topics = topics;
        this.alpha = alpha;
        this.beta = beta;
        this.wordStart = wordStart;
        this.topicOf = topicOf;
        this.countOf = countOf;
        this.totals = new long[topics];
        for (int j = 0; j < topicOf.length; j++) {
            totals[topicOf[j]] += countOf[j];
        }
    }

    /** The model in a job's packed word-topic rows ({@link LdaEvaluate#readBlocks}), cut by {@code layout}. */
    static TopicWordCounts fromBlocks(int[][] rowsByBlock, VocabularyBlocks layout, LdaHyperparameters h,
                                      List<String> vocabulary) {
        TopicCountCodec codec = new TopicCountCodec(h.topics());
        int w = vocabulary.size();
        int[] sizes = new int[w + 1];
        for (int b = 0; b < rowsByBlock.length; b++) {
            int[] words = layout.words(b);
            int[] rowStart = layout.rowStart(b);
            for (int l = 0; l < words.length; l++) {
                for (int j = rowStart[l]; j < rowStart[l + 1] && rowsByBlock[b][j] != 0; j++) {
                    sizes[words[l] + 1]++;
                }
            }
        }
        for (int v = 0; v < w; v++) {
            sizes[v + 1] += sizes[v];
        }
        int[] topicOf = new int[sizes[w]];
        int[] countOf = new int[sizes[w]];
        int[] fill = Arrays.copyOf(sizes, w);
        for (int b = 0; b < rowsByBlock.length; b++) {
            int[] words = layout.words(b);
            int[] rowStart = layout.rowStart(b);
            for (int l = 0; l < words.length; l++) {
                for (int j = rowStart[l]; j < rowStart[l + 1] && rowsByBlock[b][j] != 0; j++) {
                    int at = fill[words[l]]++;
                    topicOf[at] = codec.topic(rowsByBlock[b][j]);
                    countOf[at] = codec.count(rowsByBlock[b][j]);
                }
            }
        }
        return new TopicWordCounts(vocabulary, h.topics(), h.alpha(), h.beta(), sizes, topicOf, countOf);
    }

    @Override
    public int topics() {
        return topics;
    }

    @Override
    public int vocabularySize() {
        return vocabulary.size();
    }

    public List<String> vocabulary() {
        return vocabulary;
    }

    public double alpha() {
        return alpha;
    }

    public double beta() {
        return beta;
    }

    /** Tokens the model was trained on. */
    public long tokens() {
        long n = 0;
        for (long t : totals) {
            n += t;
        }
        return n;
    }

    /** n_wk. */
    public int count(int w, int k) {
        for (int j = wordStart[w]; j < wordStart[w + 1]; j++) {
            if (topicOf[j] == k) {
                return countOf[j];
            }
        }
        return 0;
    }

    /** phi_kw for every k of word w, into {@code out} (length K). */
    @Override
    public void column(int w, double[] out) {
        double betaSum = vocabulary.size() * beta;
        for (int k = 0; k < topics; k++) {
            out[k] = beta / (totals[k] + betaSum);
        }
        for (int j = wordStart[w]; j < wordStart[w + 1]; j++) {
            int k = topicOf[j];
            out[k] = (countOf[j] + beta) / (totals[k] + betaSum);
        }
    }

    /** Writes {@value #MODEL_FILE} and {@value #COUNTS_FILE} into {@code dir}, with {@code provenance} in the JSON. */
    public void write(Path dir, Map<String, Object> provenance) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", VERSION);
        m.put("topics", topics);
        m.put("alpha", alpha);
        m.put("beta", beta);
        m.put("vocabulary", vocabulary.size());
        m.put("tokens", tokens());
        m.put("counts", COUNTS_FILE);
        m.put("provenance", provenance);
        Files.writeString(dir.resolve(MODEL_FILE), Json.pretty(m) + "\n");
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(COUNTS_FILE), StandardCharsets.UTF_8)) {
            out.write("# word, then topic:count for each topic with tokens of the word; " + vocabulary.size()
                    + " words, " + topics + " topics\n");
            StringBuilder line = new StringBuilder();
            for (int w = 0; w < vocabulary.size(); w++) {
                String word = vocabulary.get(w);
                if (word.isEmpty() || word.indexOf('\t') >= 0 || word.indexOf('\n') >= 0 || word.indexOf('\r') >= 0
                        || word.startsWith("#")) {
                    throw new IllegalStateException("vocabulary word " + (w + 1) + " '" + word
                            + "' cannot be written to " + COUNTS_FILE + " (empty, starts with #, or holds a tab or line break)");
                }
                line.setLength(0);
                line.append(word);
                for (int j = wordStart[w]; j < wordStart[w + 1]; j++) {
                    line.append('\t').append(topicOf[j]).append(':').append(countOf[j]);
                }
                out.write(line.append('\n').toString());
            }
        }
    }

    /** Reads a model written by {@link #write}; a missing or malformed file is refused naming the file and line. */
    public static TopicWordCounts read(Path dir) {
        Path modelFile = dir.resolve(MODEL_FILE);
        Map<String, Object> m;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> read = Json.mapper().readValue(Files.readString(modelFile), Map.class);
            m = read;
        } catch (NoSuchFileException e) {
            throw new BadInputException(modelFile + ": no such file (--model must be the --out directory of an lda run)");
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(modelFile + ": not a Strads4J LDA model (" + e.getMessage() + ")");
        }
        if (!FORMAT.equals(m.get("format"))) {
            throw new BadInputException(modelFile + ": format is " + m.get("format") + ", expected " + FORMAT);
        }
        if (!Integer.valueOf(VERSION).equals(m.get("version"))) {
            throw new BadInputException(modelFile + ": version " + m.get("version") + " (this program reads " + VERSION + ")");
        }
        int topics = intField(m, "topics", modelFile);
        double alpha = realField(m, "alpha", modelFile);
        double beta = realField(m, "beta", modelFile);
        int words = intField(m, "vocabulary", modelFile);
        if (topics < 1 || topics > LdaOptions.MAX_TOPICS || words < 1 || !(alpha > 0) || !(beta > 0)) {
            throw new BadInputException(modelFile + ": topics " + topics + ", vocabulary " + words + ", alpha " + alpha
                    + ", beta " + beta + " out of range");
        }
        Path countsFile = dir.resolve(COUNTS_FILE);
        List<String> vocabulary = new ArrayList<>(words);
        int[] wordStart = new int[words + 1];
        IntList topicList = new IntList();
        IntList countList = new IntList();
        try (BufferedReader in = Files.newBufferedReader(countsFile, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t", -1);
                if (parts[0].isEmpty()) {
                    throw new BadInputException(countsFile + ":" + number + ": empty word");
                }
                if (vocabulary.size() == words) {
                    throw new BadInputException(countsFile + ":" + number + ": more words than the " + words
                            + " of " + MODEL_FILE);
                }
                vocabulary.add(parts[0]);
                for (int p = 1; p < parts.length; p++) {
                    int colon = parts[p].indexOf(':');
                    int k;
                    int c;
                    try {
                        k = Integer.parseInt(parts[p].substring(0, Math.max(0, colon)));
                        c = Integer.parseInt(parts[p].substring(colon + 1));
                    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                        throw new BadInputException(countsFile + ":" + number + ": '" + parts[p]
                                + "' is not topic:count");
                    }
                    if (k < 0 || k >= topics || c < 1) {
                        throw new BadInputException(countsFile + ":" + number + ": '" + parts[p] + "' needs a topic in 0.."
                                + (topics - 1) + " and a count of at least 1");
                    }
                    topicList.add(k);
                    countList.add(c);
                }
                wordStart[vocabulary.size()] = topicList.size();
            }
        } catch (NoSuchFileException e) {
            throw new BadInputException(countsFile + ": no such file (the model directory is incomplete)");
        } catch (IOException e) {
            throw new BadInputException(countsFile + ": cannot be read (" + e.getMessage() + ")");
        }
        if (vocabulary.size() != words) {
            throw new BadInputException(countsFile + ": " + vocabulary.size() + " words, but " + MODEL_FILE + " says "
                    + words);
        }
        return new TopicWordCounts(vocabulary, topics, alpha, beta, wordStart, topicList.toArray(), countList.toArray());
    }

    private static int intField(Map<String, Object> m, String name, Path file) {
        Object v = m.get(name);
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new BadInputException(file + ": field '" + name + "' missing or not a whole number");
        }
        return n.intValue();
    }

    private static double realField(Map<String, Object> m, String name, Path file) {
        Object v = m.get(name);
        if (!(v instanceof Number n)) {
            throw new BadInputException(file + ": field '" + name + "' missing or not a number");
        }
        return n.doubleValue();
    }
}

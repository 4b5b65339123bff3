package org.strads4j.apps.lda;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.strads4j.api.BadInputException;
import org.strads4j.io.DataFiles;
import org.strads4j.io.Json;
import org.strads4j.io.OutputDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code strads infer}: topic proportions of new documents from a trained LDA model (the
 * {@code --out} directory of {@code strads run lda}), by folding each document in with the topics
 * fixed ({@link HeldOutEvaluator#infer}). Writes {@code doc_topics.txt} and {@code summary.json}
 * into {@code --out}, atomically.
 *
 * <pre>
 * strads run lda --corpus train/ --out runs/model
 * strads infer --model runs/model --corpus new-docs.txt --out runs/new-topics
 * </pre>
 */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = {"Topic proportions of new documents from a trained LDA model (the --out directory of "
                + "'strads run lda'), with the topics fixed.",
                "Words are matched to the model's vocabulary by spelling; other words are dropped and counted."})
public final class LdaInferCommand implements Callable<Integer> {
    /** Topics listed per document in doc_topics.txt: those with at least this proportion. */
    public static final double LISTED = 0.001;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "The --out directory of an lda run (model.json and word_topic_counts.txt).")
    Path model;

    @Option(names = "--corpus", required = true, paramLabel = "PATH", description = "The documents: a UCI bag-of-words directory or a plain-text file, one document per line.")
    Path corpus;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write doc_topics.txt and summary.json (absent or empty, or an earlier result with --overwrite).")
    Path out;

    @Option(names = "--overwrite", description = "Replace an earlier Strads4J result in --out.")
    boolean overwrite;

    @Option(names = "--burn-in", paramLabel = "N", description = "Gibbs sweeps per document before averaging (default: ${DEFAULT-VALUE}).")
    int burnIn = HeldOutEvaluator.DEFAULT_BURN_IN;

    @Option(names = "--samples", paramLabel = "N", description = "Sweeps averaged into theta (default: ${DEFAULT-VALUE}).")
    int samples = HeldOutEvaluator.DEFAULT_SAMPLES;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the sampler (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Override
    public Integer call() {
        if (burnIn < 0) {
            throw new BadInputException("Invalid --burn-in: " + burnIn + " (must be at least 0)");
        }
        if (samples < 1) {
            throw new BadInputException("Invalid --samples: " + samples + " (must be at least 1)");
        }
        try (OutputDirectory dir = OutputDirectory.create(out, overwrite)) {
            long t0 = System.nanoTime();
            TopicWordCounts m = TopicWordCounts.read(model);
            CorpusLoader.Loaded loaded = CorpusLoader.load(corpus, 1, 1);
            Set<Path> inputs = new LinkedHashSet<>(List.of(model.resolve(TopicWordCounts.MODEL_FILE),
                    model.resolve(TopicWordCounts.COUNTS_FILE)));
            for (Object o : (List<?>) loaded.provenance().get(DataFiles.INPUTS)) {
                if (o instanceof DataFiles.Input in) {
                    inputs.add(Path.of(in.path()));
                }
            }
            dir.checkInputs(inputs);
            HeldOutEvaluator.Mapped mapped = HeldOutEvaluator.mapVocabulary(loaded.corpus(), m.vocabulary());
            double[][] thetas = new HeldOutEvaluator(burnIn, samples, seed).infer(m, m.alpha(), mapped.corpus());
            write(dir.path().resolve("doc_topics.txt"), mapped.corpus().docIds(), thetas);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("app", LdaApp.NAME);
            summary.put("command", "infer");
            summary.put("documents", thetas.length);
            summary.put("tokens", mapped.corpus().tokens());
            summary.put("droppedTokens", mapped.dropped());
            summary.put("topics", m.topics());
            summary.put("seconds", seconds);
            Map<String, Object> provenance = new LinkedHashMap<>();
            provenance.put("model", model.toAbsolutePath().normalize().toString());
            provenance.putAll(loaded.provenance());
            provenance.put("method", "collapsed Gibbs with the topics fixed, phi = (n_wk + beta) / (n_k + W beta): "
                    + burnIn + " burn-in sweeps, then theta = (n_dk + alpha) / (N_d + K alpha) averaged over "
                    + samples + " sweeps");
            provenance.put("seed", seed);
            provenance.put("outputs", List.of("doc_topics.txt", OutputDirectory.SUMMARY));
            summary.put("provenance", provenance);
            Files.writeString(dir.path().resolve(OutputDirectory.SUMMARY), Json.pretty(summary) + "\n");
            dir.commit();
            System.out.printf(Locale.ROOT, "inferred topic proportions of %,d documents (%,d tokens, %,d dropped as"
                    + " unknown words) in %.2f s: %s%n", thetas.length, mapped.corpus().tokens(), mapped.dropped(),
                    seconds, out.resolve("doc_topics.txt"));
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    /**
     * One line per document, as the training run's doc_topics.txt: its id, then topic:theta for
     * topics with theta >= {@value #LISTED}, largest first, separated by spaces.
     */
    static void write(Path file, int[] ids, double[][] thetas) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("# document id, then topic:theta for topics with theta >= " + LISTED + ", largest first\n");
            StringBuilder line = new StringBuilder();
            for (int d = 0; d < thetas.length; d++) {
                double[] theta = thetas[d];
                List<Integer> order = new ArrayList<>();
                for (int k = 0; k < theta.length; k++) {
                    if (theta[k] >= LISTED) {
                        order.add(k);
                    }
                }
                order.sort((a, b) -> Double.compare(theta[b], theta[a]));
                line.setLength(0);
                line.append(ids[d]);
                for (int k : order) {
                    line.append(' ').append(k).append(':').append(String.format(Locale.ROOT, "%.4f", theta[k]));
                }
                w.write(line.append('\n').toString());
            }
        }
    }

    /** Parses doc_topics.txt lines back (tests): per document, theta with unlisted topics 0. */
    static double[][] read(Path file, int topics) throws IOException {
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("#")) {
                continue;
            }
            double[] theta = new double[topics];
            String[] parts = line.trim().split("\\s+");
            for (int p = 1; p < parts.length; p++) {
                String[] kv = parts[p].split(":");
                theta[Integer.parseInt(kv[0])] = Double.parseDouble(kv[1]);
            }
            rows.add(theta);
        }
        return rows.toArray(new double[0][]);
    }
}

package org.strads4j.apps.lda;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strads4j.api.CoordinatorContext;
import org.strads4j.api.JobResult;
import org.strads4j.api.ParamStore;
import org.strads4j.api.ResultWriter;

/**
 * The LDA result files and summary fields: {@code topics.txt} (each topic's token count and top
 * 20 words), {@code doc_topics.txt} (each document's topic proportions), the model for
 * {@code strads infer} ({@link TopicWordCounts}: {@code model.json}, {@code word_topic_counts.txt}),
 * held-out log-likelihood and perplexity with {@code --test-corpus} ({@link HeldOutEvaluator}), and the summary's
 * topics, alpha, beta, iterations, tokens, tokensPerSecond (token samples per second of solve
 * time), logLikelihoodPerToken and perplexity.
 */
public final class LdaResults implements ResultWriter {
    /** Words listed per topic in topics.txt. */
    public static final int TOP_WORDS = 20;

    private static final long serialVersionUID = 1L;
    private final VocabularyBlocks layout;
    private final LdaHyperparameters hyper;
    private final long tokens;
    private final int documents;

    private final Corpus heldOut;
    private final long seed;

    public LdaResults(VocabularyBlocks layout, LdaHyperparameters hyper, long tokens, int documents) {
        this(layout, hyper, tokens, documents, null, 0);
    }

    /** With a held-out corpus in the training vocabulary (null for none), evaluated with {@code seed}. */
    public LdaResults(VocabularyBlocks layout, LdaHyperparameters hyper, long tokens, int documents, Corpus heldOut,
                      long seed) {
        this.layout = layout;
        this.hyper = hyper;
        this.tokens = tokens;
        this.documents = documents;
        this.heldOut = heldOut;
        this.seed = seed;
    }

    /** The trained model in the parameter store. */
    private TopicWordCounts model(CoordinatorContext ctx) {
        return TopicWordCounts.fromBlocks(LdaEvaluate.readBlocks(ctx.params(), hyper.blocks()), layout, hyper,
                ctx.state(LdaState.class).vocabulary);
    }

    @Override
    public Map<String, Object> summarize(JobResult result, CoordinatorContext ctx) {
        long iterations = result.rounds();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("topics", hyper.topics());
        s.put("alpha", hyper.alpha());
        s.put("beta", hyper.beta());
        s.put("iterations", iterations);
        s.put("documents", documents);
        s.put("vocabulary", hyper.vocabularySize());
        s.put("tokens", tokens);
        s.put("tokensPerSecond", result.seconds() > 0 ? tokens * (double) iterations / result.seconds() : 0.0);
        s.put("logLikelihoodPerToken", result.last().metric("logLikelihoodPerToken"));
        s.put("logLikelihood", result.last().metric("logLikelihood"));
        s.put("perplexity", result.last().metric("perplexity"));
        if (heldOut != null) {
            HeldOutEvaluator.Result r = new HeldOutEvaluator(HeldOutEvaluator.DEFAULT_BURN_IN,
                    HeldOutEvaluator.DEFAULT_SAMPLES, seed).documentCompletion(model(ctx), hyper.alpha(), heldOut);
            s.put("heldOutLogLikelihoodPerToken", r.perToken());
            s.put("heldOutPerplexity", r.perplexity());
            s.put("heldOutTokens", r.tokens());
            s.put("heldOutDocuments", r.documents());
        }
        return s;
    }

    @Override
    public void writeModel(JobResult result, CoordinatorContext ctx, Path dir) throws IOException {
        ParamStore<Object> store = ctx.params();
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("app", LdaApp.NAME);
        provenance.put("corpus", result.provenance().get("corpus"));
        provenance.put("iterations", result.rounds());
        provenance.put("sampler", result.provenance().get("sampler"));
        model(ctx).write(dir, provenance);
        writeTopics(LdaEvaluate.readBlocks(store, hyper.blocks()), ctx.state(LdaState.class).vocabulary,
                dir.resolve("topics.txt"));
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("doc_topics.txt"), StandardCharsets.UTF_8)) {
            out.write("# document id, then topic:theta for the topics with tokens in it, largest first;"
                    + " theta = (n_dk + alpha) / (N_d + K alpha)\n");
            for (int w = 0; w < ctx.workers(); w++) {
                int[] table = (int[]) store.get(LdaKeys.docTopics(w));
                if (table == null) {
                    throw new IllegalStateException("document-topic counts of worker " + w + " missing");
                }
                DocTopicTable.write(table, hyper.topics(), hyper.alpha(), out);
            }
        }
    }

    private void writeTopics(int[][] rowsByBlock, List<String> vocabulary, Path file) throws IOException {
        List<long[]> top = topWords(rowsByBlock);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("# topic, tokens, top " + TOP_WORDS + " words by count\n");
            for (int k = 0; k < hyper.topics(); k++) {
                long[] entries = top.get(k);
                long total = 0;
                for (long e : entries) {
                    total += e >>> 32;
                }
                StringBuilder line = new StringBuilder().append(k).append('\t').append(total).append('\t');
                for (int i = 0; i < Math.min(TOP_WORDS, entries.length); i++) {
                    line.append(i == 0 ? "" : " ").append(vocabulary.get((int) entries[entries.length - 1 - i]));
                }
                out.write(line.append('\n').toString());
            }
        }
    }

    /** Per topic, (count << 32 | word) of every word with tokens in it, sorted ascending. */
    private List<long[]> topWords(int[][] rowsByBlock) {
        int k = hyper.topics();
        TopicCountCodec codec = new TopicCountCodec(k);
        int[] sizes = new int[k];
        for (int[] rows : rowsByBlock) {
            for (int p : rows) {
                if (p != 0) {
                    sizes[codec.topic(p)]++;
                }
            }
        }
        long[][] lists = new long[k][];
        for (int t = 0; t < k; t++) {
            lists[t] = new long[sizes[t]];
        }
        int[] fill = new int[k];
        for (int b = 0; b < rowsByBlock.length; b++) {
            int[] rows = rowsByBlock[b];
            int[] words = layout.words(b);
            int[] rowStart = layout.rowStart(b);
            for (int l = 0; l < words.length; l++) {
                for (int j = rowStart[l]; j < rowStart[l + 1] && rows[j] != 0; j++) {
                    int t = codec.topic(rows[j]);
                    lists[t][fill[t]++] = ((long) codec.count(rows[j]) << 32) | (Integer.MAX_VALUE - words[l]);
                }
            }
        }
        List<long[]> out = new ArrayList<>(k);
        for (int t = 0; t < k; t++) {
            Arrays.sort(lists[t]);
            long[] l = lists[t];
            for (int i = 0; i < l.length; i++) {
                l[i] = (l[i] & 0xFFFFFFFF00000000L) | (Integer.MAX_VALUE - (int) l[i]);
            }
            out.add(l);
        }
        return out;
    }

}

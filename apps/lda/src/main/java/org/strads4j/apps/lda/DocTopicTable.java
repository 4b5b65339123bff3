package org.strads4j.apps.lda;

import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.Locale;

/**
 * Documents' topic counts in a flat sparse int array, for the parameter store and
 * {@code doc_topics.txt}: per document {@code docId, n, topic_1, count_1, ..., topic_n, count_n}
 * with its nonzero topics, largest count first.
 */
final class DocTopicTable {
    private DocTopicTable() {
    }

    /** Encodes dense counts ({@code counts[d * K + k]}) of documents {@code docIds}. */
    static int[] encode(int[] docIds, int[] counts, int topics) {
        IntList out = new IntList();
        long[] order = new long[topics];
        for (int d = 0; d < docIds.length; d++) {
            int n = 0;
            for (int k = 0; k < topics; k++) {
                int c = counts[d * topics + k];
                if (c > 0) {
                    order[n++] = ((long) (Integer.MAX_VALUE - c) << 32) | k;
                }
            }
            Arrays.sort(order, 0, n);
            out.add(docIds[d]);
            out.add(n);
            for (int i = 0; i < n; i++) {
                int k = (int) order[i];
                out.add(k);
                out.add(counts[d * topics + k]);
            }
        }
        return out.toArray();
    }

    /**
     * Writes one line per document: its id, then {@code topic:theta} for its topics with tokens,
     * largest first, theta_dk = (n_dk + alpha) / (N_d + K alpha).
     */
    static void write(int[] table, int topics, double alpha, Writer out) throws IOException {
        int i = 0;
        StringBuilder line = new StringBuilder();
        while (i < table.length) {
            int docId = table[i];
            int n = table[i + 1];
            long length = 0;
            for (int j = 0; j < n; j++) {
                length += table[i + 3 + 2 * j];
            }
            double norm = 1 / (length + topics * alpha);
            line.setLength(0);
            line.append(docId);
            for (int j = 0; j < n; j++) {
                int k = table[i + 2 + 2 * j];
                int c = table[i + 3 + 2 * j];
                line.append(' ').append(k).append(':').append(String.format(Locale.ROOT, "%.4f", (c + alpha) * norm));
            }
            out.write(line.append('\n').toString());
            i += 2 + 2 * n;
        }
    }
}

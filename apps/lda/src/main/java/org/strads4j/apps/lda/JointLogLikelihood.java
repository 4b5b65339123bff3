package org.strads4j.apps.lda;

/**
 * The collapsed joint log-likelihood log p(w, z) of LDA (Griffiths and Steyvers 2004, eq. 2 and
 * 3), the figure MALLET's {@code modelLogLikelihood()} and STRADS print, in two parts that can be
 * summed over workers and blocks:
 * <pre>
 * log p(z)     = sum_d [ lgamma(K alpha) - lgamma(K alpha + N_d) + sum_k (lgamma(alpha + n_dk) - lgamma(alpha)) ]
 * log p(w | z) = sum_k [ lgamma(W beta) - lgamma(W beta + n_k) ] + sum_{w,k} (lgamma(beta + n_wk) - lgamma(beta))
 * </pre>
 * and the point-estimate predictive log-likelihood of the training tokens,
 * {@code sum_i log sum_k theta_dk phi_kw}, whose exponentiated negative mean is the perplexity
 * reported (as in shared/reference/lda_ref.py).
 */
public final class JointLogLikelihood {
    private JointLogLikelihood() {
    }

    /** log p(z) of documents with dense topic counts ({@code counts[d * K + k]}). */
    public static double documentSide(int[] counts, int[] lengths, int topics, double alpha) {
        double lgAlpha = LogGamma.of(alpha);
        double lgAlphaSum = LogGamma.of(topics * alpha);
        double ll = 0;
        for (int d = 0; d < lengths.length; d++) {
            int base = d * topics;
            for (int k = 0; k < topics; k++) {
                int c = counts[base + k];
                if (c > 0) {
                    ll += LogGamma.of(alpha + c) - lgAlpha;
                }
            }
            ll += lgAlphaSum - LogGamma.of(topics * alpha + lengths[d]);
        }
        return ll;
    }

    /**
     * The word part sum_{w,k} (lgamma(beta + n_wk) - lgamma(beta)) of packed rows, adding each
     * topic's counts to {@code columnSums}.
     */
    public static double wordRows(int[] rows, TopicCountCodec codec, double beta, long[] columnSums) {
        double lgBeta = LogGamma.of(beta);
        double ll = 0;
        for (int p : rows) {
            if (p != 0) {
                int c = codec.count(p);
                ll += LogGamma.of(beta + c) - lgBeta;
                columnSums[codec.topic(p)] += c;
            }
        }
        return ll;
    }

    /** The topic part sum_k [lgamma(W beta) - lgamma(W beta + n_k)]. */
    public static double topicSide(long[] totals, int vocabularySize, double beta) {
        double lgBetaSum = LogGamma.of(vocabularySize * beta);
        double ll = 0;
        for (long n : totals) {
            ll += lgBetaSum - LogGamma.of(vocabularySize * beta + n);
        }
        return ll;
    }

    /**
     * sum over a shard's tokens of log sum_k theta_dk phi_kw, with theta_dk = (n_dk + alpha) /
     * (N_d + K alpha) and phi_kw = (n_wk + beta) / (n_k + W beta).
     *
     * @param rowsByBlock every block's packed rows
     */
    public static double predictive(LdaShard shard, int[] docTopicCounts, int[] topicTotals, int[][] rowsByBlock,
                                    LdaHyperparameters h) {
        int k = h.topics();
        TopicCountCodec codec = new TopicCountCodec(k);
        double[] inverse = new double[k];
        for (int t = 0; t < k; t++) {
            inverse[t] = 1 / (topicTotals[t] + h.betaSum());
        }
        double[] theta = new double[k];
        double ll = 0;
        int blocks = shard.layout().blocks();
        for (int d = 0; d < shard.documents(); d++) {
            double norm = 1 / (shard.docLengths()[d] + k * h.alpha());
            double smooth = 0;
            for (int t = 0; t < k; t++) {
                theta[t] = (docTopicCounts[d * k + t] + h.alpha()) * norm;
                smooth += theta[t] * inverse[t];
            }
            smooth *= h.beta();
            for (int b = 0; b < blocks; b++) {
                int[] rows = rowsByBlock[b];
                int[] rowStart = shard.layout().rowStart(b);
                TokenBlock tokens = shard.tokens(b);
                for (int i = tokens.offsets()[d]; i < tokens.offsets()[d + 1]; i++) {
                    int w = tokens.words()[i];
                    double p = smooth;
                    for (int j = rowStart[w]; j < rowStart[w + 1]; j++) {
                        int packed = rows[j];
                        if (packed == 0) {
                            break;
                        }
                        int t = codec.topic(packed);
                        p += theta[t] * codec.count(packed) * inverse[t];
                    }
                    ll += Math.log(p);
                }
            }
        }
        return ll;
    }
}

package org.strads4j.apps.lda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetropolisHastingsSamplerTest {

    /**
     * On a corpus of 5 tokens (a word seen in both documents and twice in one) and K = 2 the
     * posterior over all 32 assignments is exact from log p(w, z); the MH chain, with one proposal
     * cycle a token, must visit them in proportion.
     */
    @Test
    void chainVisitsAssignmentsInProportionToTheExactPosterior() {
        Corpus c = new Corpus(List.of("a", "b", "c"), new int[] {1, 2}, new int[] {0, 3, 5},
                new int[] {0, 1, 1, 1, 2}, "tiny");
        int k = 2;
        double alpha = 0.5;
        double beta = 0.3;
        StandaloneGibbs g = new StandaloneGibbs(c, k, alpha, beta, 11, LdaHyperparameters.Sampler.MH, 1);
        int configs = 1 << c.tokens();
        double[] exact = new double[configs];
        double norm = 0;
        for (int z = 0; z < configs; z++) {
            exact[z] = Math.exp(SparseGibbsSamplerTest.logJoint(c, z, k, alpha, beta));
            norm += exact[z];
        }
        long[] visits = new long[configs];
        int sweeps = 600_000;
        for (int s = 0; s < sweeps; s++) {
            g.sweep(1);
            int[] z = g.topics();
            int code = 0;
            for (int i = 0; i < z.length; i++) {
                code |= z[i] << i;
            }
            visits[code]++;
        }
        double worst = 0;
        for (int z = 0; z < configs; z++) {
            double p = exact[z] / norm;
            double freq = visits[z] / (double) sweeps;
            worst = Math.max(worst, Math.abs(p - freq));
            assertEquals(p, freq, 0.006, "assignment " + Integer.toBinaryString(z));
        }
        g.checkCounts();
        System.out.printf("MH exact-posterior test: largest |frequency - probability| %.4f over %d assignments%n",
                worst, configs);
    }

    /** The same with three topics: proposals with more than one alternative. */
    @Test
    void threeTopicsToo() {
        Corpus c = new Corpus(List.of("a", "b"), new int[] {1, 2}, new int[] {0, 2, 4},
                new int[] {0, 1, 1, 0}, "tiny3");
        int k = 3;
        double alpha = 0.2;
        double beta = 0.7;
        StandaloneGibbs g = new StandaloneGibbs(c, k, alpha, beta, 5, LdaHyperparameters.Sampler.MH, 2);
        int configs = 81;
        double[] exact = new double[configs];
        double norm = 0;
        for (int code = 0; code < configs; code++) {
            exact[code] = Math.exp(logJoint3(c, code, k, alpha, beta));
            norm += exact[code];
        }
        long[] visits = new long[configs];
        int sweeps = 400_000;
        for (int s = 0; s < sweeps; s++) {
            g.sweep(1);
            int[] z = g.topics();
            visits[z[0] + 3 * z[1] + 9 * z[2] + 27 * z[3]]++;
        }
        for (int code = 0; code < configs; code++) {
            assertEquals(exact[code] / norm, visits[code] / (double) sweeps, 0.006, "assignment " + code);
        }
        g.checkCounts();
    }

    private static double logJoint3(Corpus c, int code, int k, double alpha, double beta) {
        int w = c.vocabularySize();
        int[] z = new int[c.tokens()];
        for (int i = 0; i < z.length; i++) {
            z[i] = code % 3;
            code /= 3;
        }
        double ll = 0;
        int[][] nwk = new int[w][k];
        int[] nk = new int[k];
        for (int d = 0; d < c.documents(); d++) {
            int[] ndk = new int[k];
            for (int i = c.offsets()[d]; i < c.offsets()[d + 1]; i++) {
                ndk[z[i]]++;
                nwk[c.words()[i]][z[i]]++;
                nk[z[i]]++;
            }
            ll += LogGamma.of(k * alpha) - LogGamma.of(k * alpha + c.length(d));
            for (int t = 0; t < k; t++) {
                ll += LogGamma.of(alpha + ndk[t]) - LogGamma.of(alpha);
            }
        }
        for (int t = 0; t < k; t++) {
            ll += LogGamma.of(w * beta) - LogGamma.of(w * beta + nk[t]);
            for (int v = 0; v < w; v++) {
                ll += LogGamma.of(beta + nwk[v][t]) - LogGamma.of(beta);
            }
        }
        return ll;
    }

    @Test
    void countsStayConsistentAndTheSeedFixesTheChain() {
        Corpus c = SyntheticCorpus.generate(5, 20, 60, 30, 1);
        StandaloneGibbs a = new StandaloneGibbs(c, 8, 0.1, 0.01, 3, LdaHyperparameters.Sampler.MH, 2);
        StandaloneGibbs b = new StandaloneGibbs(c, 8, 0.1, 0.01, 3, LdaHyperparameters.Sampler.MH, 2);
        double before = a.logLikelihood();
        for (int i = 0; i < 30; i++) {
            a.sweep(1);
            a.checkCounts();
        }
        b.sweep(30);
        assertEquals(a.logLikelihood(), b.logLikelihood(), 0.0);
        assertTrue(a.logLikelihood() > before, "sampling raises log p(w,z) from a random start");
    }
}

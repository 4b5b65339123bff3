package org.strads4j.apps.lda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SparseGibbsSamplerTest {

    /**
     * On a corpus of 4 tokens and K = 2 the posterior p(z | w) over all 16 topic assignments is
     * computable exactly from log p(w, z); the chain's visit frequencies must converge to it.
     */
    @Test
    void chainVisitsAssignmentsInProportionToTheExactPosterior() {
        Corpus c = new Corpus(List.of("a", "b", "c"), new int[] {1, 2}, new int[] {0, 2, 4},
                new int[] {0, 1, 1, 2}, "tiny");
        int k = 2;
        double alpha = 0.5;
        double beta = 0.3;
        StandaloneGibbs g = new StandaloneGibbs(c, k, alpha, beta, 11);
        int configs = 1 << c.tokens();
        double[] exact = new double[configs];
        double norm = 0;
        for (int z = 0; z < configs; z++) {
            exact[z] = Math.exp(logJoint(c, z, k, alpha, beta));
            norm += exact[z];
        }
        long[] visits = new long[configs];
        int sweeps = 400_000;
        for (int s = 0; s < sweeps; s++) {
            g.sweep(1);
            int[] z = g.topics();
            int code = 0;
            for (int i = 0; i < z.length; i++) {
                code |= z[i] << i;
            }
            visits[code]++;
        }
        for (int z = 0; z < configs; z++) {
            double p = exact[z] / norm;
            double freq = visits[z] / (double) sweeps;
            assertEquals(p, freq, 0.01, "assignment " + Integer.toBinaryString(z));
        }
        g.checkCounts();
    }

    /** The joint log-likelihood computed densely, straight from Griffiths and Steyvers' formula. */
    static double logJoint(Corpus c, int code, int k, double alpha, double beta) {
        int w = c.vocabularySize();
        double ll = 0;
        int[][] nwk = new int[w][k];
        int[] nk = new int[k];
        for (int d = 0; d < c.documents(); d++) {
            int[] ndk = new int[k];
            for (int i = c.offsets()[d]; i < c.offsets()[d + 1]; i++) {
                int z = (code >> i) & 1;
                ndk[z]++;
                nwk[c.words()[i]][z]++;
                nk[z]++;
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
    void sparseLikelihoodEqualsTheDenseFormula() {
        Corpus c = new Corpus(List.of("a", "b", "c"), new int[] {1, 2}, new int[] {0, 2, 4},
                new int[] {0, 1, 1, 2}, "tiny");
        StandaloneGibbs g = new StandaloneGibbs(c, 2, 0.5, 0.3, 5);
        g.sweep(3);
        int[] z = g.topics();
        int code = 0;
        for (int i = 0; i < z.length; i++) {
            code |= z[i] << i;
        }
        assertEquals(logJoint(c, code, 2, 0.5, 0.3), g.logLikelihood(), 1e-9);
    }

    @Test
    void countsStayConsistentAndTheSeedFixesTheChain() {
        Corpus c = SyntheticCorpus.generate(5, 20, 60, 30, 1);
        StandaloneGibbs a = new StandaloneGibbs(c, 8, 0.1, 0.01, 3);
        StandaloneGibbs b = new StandaloneGibbs(c, 8, 0.1, 0.01, 3);
        double before = a.logLikelihood();
        for (int i = 0; i < 20; i++) {
            a.sweep(1);
            a.checkCounts();
        }
        b.sweep(20);
        assertEquals(a.logLikelihood(), b.logLikelihood(), 0.0);
        assertTrue(a.logLikelihood() > before, "sampling raises log p(w,z) from a random start");
    }
}

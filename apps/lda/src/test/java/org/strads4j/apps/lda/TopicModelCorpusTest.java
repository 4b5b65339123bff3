package org.strads4j.apps.lda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.strads4j.api.BadInputException;

class TopicModelCorpusTest {

    @Test
    void theSpecFixesTheCorpusAndItsSize() {
        TopicModelCorpus.Spec spec = TopicModelCorpus.Spec.parse("synthetic:tokens=200k,vocabulary=5k,topics=10,length=100,seed=7");
        Corpus a = TopicModelCorpus.generate(spec).corpus();
        Corpus b = TopicModelCorpus.generate(TopicModelCorpus.Spec.parse(spec.toString())).corpus();
        assertArrayEquals(a.words(), b.words());
        assertArrayEquals(a.offsets(), b.offsets());
        assertEquals(2000, a.documents());
        assertEquals(200_000, a.tokens(), 200_000 * 0.02, "mean length 100 over 2000 documents");
        assertEquals(5000, a.vocabularySize());
        assertEquals("w4999", a.vocabulary().get(4999));
        Corpus other = TopicModelCorpus.generate(TopicModelCorpus.Spec.parse("synthetic:tokens=200k,vocabulary=5k,topics=10,length=100,seed=8")).corpus();
        assertFalse(java.util.Arrays.equals(a.words(), other.words()));
    }

    @Test
    void topicsAreDistributionsOverTheVocabularyAndCoverIt() {
        TopicModelCorpus g = TopicModelCorpus.generate(TopicModelCorpus.Spec.parse("synthetic:tokens=10k,vocabulary=1000,topics=8,length=50"));
        int[] owners = new int[1000];
        for (int k = 0; k < 8; k++) {
            double sum = 0;
            for (int w = 0; w < 1000; w++) {
                double p = g.wordProbability(k, w);
                sum += p;
                if (p > 0) {
                    owners[w]++;
                }
            }
            assertEquals(1.0, sum, 1e-9);
        }
        for (int w = 0; w < 1000; w++) {
            assertEquals(2, owners[w], "default support 2W/K: every word in two topics");
        }
    }

    /** A one-topic corpus is a sample of that topic's word distribution. */
    @Test
    void wordFrequenciesFollowTheTrueTopic() {
        TopicModelCorpus g = TopicModelCorpus.generate(TopicModelCorpus.Spec.parse("synthetic:tokens=400k,vocabulary=200,topics=1,length=100,zipf=1.2"));
        Corpus c = g.corpus();
        int[] f = c.wordFrequencies();
        for (int w = 0; w < 200; w++) {
            double p = g.wordProbability(0, w);
            double sd = Math.sqrt(c.tokens() * p * (1 - p));
            assertEquals(c.tokens() * p, f[w], 5 * sd + 1, "word " + w);
        }
    }

    @Test
    void heldOutDocumentsComeFromTheSameTopics() {
        TopicModelCorpus g = TopicModelCorpus.generate(TopicModelCorpus.Spec.parse("synthetic:tokens=50k,vocabulary=2000,topics=4,length=100,support=300"));
        Corpus held = g.draw(100, 3);
        assertEquals(100, held.documents());
        for (int i = 0; i < held.tokens(); i++) {
            int w = held.words()[i];
            boolean owned = false;
            for (int k = 0; k < 4; k++) {
                owned |= g.wordProbability(k, w) > 0;
            }
            assertTrue(owned, "word " + w + " belongs to some topic");
        }
        assertFalse(java.util.Arrays.equals(held.words(), java.util.Arrays.copyOf(g.corpus().words(), held.tokens())));
    }

    @Test
    void gammaDrawsHaveTheirMean() {
        SplittableRandom r = new SplittableRandom(1);
        for (double shape : new double[] {0.1, 0.5, 1, 3.5}) {
            double sum = 0;
            int n = 200_000;
            for (int i = 0; i < n; i++) {
                sum += TopicModelCorpus.Gamma.draw(shape, r);
            }
            assertEquals(shape, sum / n, 5 * Math.sqrt(shape / n), "shape " + shape);
        }
    }

    @Test
    void badSpecsAreRefusedNamingTheProblem() {
        BadInputException e = assertThrows(BadInputException.class, () -> TopicModelCorpus.Spec.parse("synthetic:tokens=abc"));
        assertTrue(e.getMessage().contains("tokens must be a whole number"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> TopicModelCorpus.Spec.parse("synthetic:colour=red"));
        assertTrue(e.getMessage().contains("unknown key 'colour'"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> TopicModelCorpus.Spec.parse("synthetic:topics=0"));
        assertTrue(e.getMessage().contains("topics: 0"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> TopicModelCorpus.Spec.parse("synthetic:tokens=5,length=10"));
        assertTrue(e.getMessage().contains("at least one document"), e.getMessage());
    }

    @Test
    void theLoaderGeneratesANamedCorpus() {
        CorpusLoader.Loaded l = CorpusLoader.load(java.nio.file.Path.of("synthetic:tokens=20k,vocabulary=500,topics=5"), 5, 1);
        assertEquals(20_000, l.corpus().tokens(), 400);
        assertTrue(String.valueOf(l.provenance().get("corpus")).startsWith("synthetic:tokens=20000,vocabulary=500,topics=5"));
    }

    @Test
    void aliasTableDrawsInProportion() {
        AliasTable t = new AliasTable(new double[] {1, 0, 3, 6});
        SplittableRandom r = new SplittableRandom(2);
        int[] counts = new int[4];
        int n = 400_000;
        for (int i = 0; i < n; i++) {
            counts[t.draw(r)]++;
        }
        assertEquals(0, counts[1]);
        assertEquals(0.1, counts[0] / (double) n, 0.005);
        assertEquals(0.3, counts[2] / (double) n, 0.005);
        assertEquals(0.6, counts[3] / (double) n, 0.005);
    }
}

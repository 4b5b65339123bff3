package org.strads4j.apps.lda;

import java.util.List;
import org.strads4j.api.App;
import org.strads4j.api.BadInputException;
import org.strads4j.api.Job;
import org.strads4j.api.JobSpec;

/**
 * LDA topic modelling the STRADS way (Lee et al., NIPS 2014; Kim et al., EuroSys 2016):
 * documents sharded over the workers, the vocabulary cut into B = c * workers blocks, and the
 * blocks' word-topic tables rotated between the workers, each handed straight to the worker that
 * samples it next ({@link RotationSchedule}), so no two workers ever sample the same word at the
 * same time and none waits for a barrier within a sweep; the topic totals are synchronised after
 * every sweep ({@link TopicTotalsAggregate}). Each worker
 * runs collapsed Gibbs sampling with the SparseLDA decomposition ({@link SparseGibbsSampler}).
 *
 * <p>The corpus is read and checked here, before any node starts; the word-topic tables live in
 * the job's parameter store, one entry per vocabulary block.
 */
public final class LdaApp implements App {
    public static final String NAME = "lda";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "LDA topic model: collapsed Gibbs (SparseLDA) with STRADS vocabulary-block rotation";
    }

    /** Vocabulary blocks per worker when the spec names none: 1 alone, else {@value #DEFAULT_BLOCKS_PER_WORKER}. */
    public static final int DEFAULT_BLOCKS_PER_WORKER = 2;

    /** The spec's {@code blocksPerWorker}, or the default for its node count. */
    static int blocksPerWorker(JobSpec spec) {
        long c = spec.param("blocksPerWorker", (long) (spec.nodes() == 1 ? 1 : DEFAULT_BLOCKS_PER_WORKER));
        if (c < 1 || c * spec.nodes() > LdaKeys.MAX_BLOCKS) {
            throw new BadInputException("Invalid --blocks-per-worker: " + c + " (must be 1.."
                    + LdaKeys.MAX_BLOCKS / spec.nodes() + ")");
        }
        return (int) c;
    }

    /**
     * The spec's {@code sampler}: {@code sparse}, {@code mh}, or {@code auto} (the default,
     * {@link LdaHyperparameters#defaultSampler}).
     */
    static LdaHyperparameters.Sampler sampler(JobSpec spec, int topics) {
        String name = spec.param("sampler", "auto");
        switch (name) {
            case "auto":
                return LdaHyperparameters.defaultSampler(topics);
            case "sparse":
                return LdaHyperparameters.Sampler.SPARSE;
            case "mh":
                return LdaHyperparameters.Sampler.MH;
            default:
                throw new BadInputException("Invalid --sampler: " + name + " (must be sparse, mh or auto)");
        }
    }

    static int mhSteps(JobSpec spec) {
        long steps = spec.param("mhSteps", (long) LdaHyperparameters.DEFAULT_MH_STEPS);
        if (steps < 1 || steps > 64) {
            throw new BadInputException("Invalid --mh-steps: " + steps + " (must be 1..64)");
        }
        return (int) steps;
    }

    @Override
    public Job plan(JobSpec spec) {
        LdaOptions o = LdaOptions.from(spec);
        CorpusLoader.Loaded loaded = CorpusLoader.load(o.corpus(), o.minDf(), o.minDocLength());
        Corpus corpus = loaded.corpus();
        int workers = spec.nodes();
        int blocks = workers * blocksPerWorker(spec);
        LdaHyperparameters hyper = new LdaHyperparameters(o.topics(), o.alpha(), o.beta(), corpus.vocabularySize(),
                blocks, sampler(spec, o.topics()), mhSteps(spec));
        LdaPlanner planner = new LdaPlanner(corpus, hyper, workers, spec.seed());
        List<LdaShard> shards = planner.shards();
        Job.Builder b = Job.builder(spec)
                .shards(shards)
                .state(new LdaState(shards.get(0).initialTopicTotals(), corpus.vocabulary()))
                .schedule(new RotationSchedule(blocks, workers, o.iterations()))
                .update(new GibbsUpdate(hyper))
                .aggregate(new TopicTotalsAggregate())
                .evaluate(new LdaEvaluate(hyper, corpus.tokens()))
                .results(new LdaResults(planner.layout(), hyper, corpus.tokens(), corpus.documents()));
        loaded.provenance().forEach(b::provenance);
        b.provenance("sampler", hyper.samplerDescription());
        b.provenance("rotation", blocks + " vocabulary blocks rotated over " + workers + " workers per iteration,"
                + " each handed straight to the worker that samples it next");
        b.provenance("initialTopics", "uniform, SplittableRandom(seed) over the corpus in document order");
        b.provenance("alpha", o.alpha());
        b.provenance("beta", o.beta());
        b.provenance("topics", o.topics());
        return b.build();
    }
}

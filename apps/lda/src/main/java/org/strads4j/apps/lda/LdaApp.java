package org.strads4j.apps.lda;

import java.util.List;
import org.strads4j.api.App;
import org.strads4j.api.BadInputException;
import org.strads4j.api.Job;
import org.strads4j.api.JobSpec;

/**
 * LDA topic modelling the STRADS way (Lee et al., NIPS 2014; Kim et al., EuroSys 2016):
 * documents sharded over the workers, the vocabulary cut into B = workers blocks, and the blocks'
 * word-topic tables rotated between the workers sub-round by sub-round
 * ({@link RotationSchedule}), so no two workers ever sample the same word at the same time; the
 * topic totals are synchronised between sub-rounds ({@link TopicTotalsAggregate}). Each worker
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

    @Override
    public Job plan(JobSpec spec) {
        LdaOptions o = LdaOptions.from(spec);
        if (spec.staleness() != 0) {
            throw new BadInputException("Invalid --staleness: " + spec.staleness()
                    + " (LDA's vocabulary rotation needs 0: a block has one holder per sub-round)");
        }
        CorpusLoader.Loaded loaded = CorpusLoader.load(o.corpus(), o.minDf(), o.minDocLength());
        Corpus corpus = loaded.corpus();
        int workers = spec.nodes();
        LdaHyperparameters hyper = new LdaHyperparameters(o.topics(), o.alpha(), o.beta(), corpus.vocabularySize(),
                workers);
        LdaPlanner planner = new LdaPlanner(corpus, hyper, spec.seed());
        List<LdaShard> shards = planner.shards();
        Job.Builder b = Job.builder(spec)
                .shards(shards)
                .state(new LdaState(shards.get(0).initialTopicTotals(), corpus.vocabulary()))
                .schedule(new RotationSchedule(workers, o.iterations()))
                .update(new GibbsUpdate(hyper))
                .aggregate(new TopicTotalsAggregate())
                .evaluate(new LdaEvaluate(hyper, corpus.tokens()))
                .results(new LdaResults(planner.layout(), hyper, corpus.tokens(), corpus.documents()));
        loaded.provenance().forEach(b::provenance);
        b.provenance("sampler", "collapsed Gibbs, SparseLDA buckets (Yao, Mimno, McCallum KDD 2009)");
        b.provenance("rotation", workers + " vocabulary blocks rotated over " + workers + " workers per iteration");
        b.provenance("initialTopics", "uniform, SplittableRandom(seed) over the corpus in document order");
        b.provenance("alpha", o.alpha());
        b.provenance("beta", o.beta());
        b.provenance("topics", o.topics());
        return b.build();
    }
}

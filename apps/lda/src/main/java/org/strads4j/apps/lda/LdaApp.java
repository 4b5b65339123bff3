package org.strads4j.apps.lda;

import java.util.List;
import org.strads4j.api.App;
import org.strads4j.api.BadInputException;
import org.strads4j.api.Job;
import org.strads4j.api.JobSpec;
import org.strads4j.io.DataFiles;

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

    /** Refuses an AD-LDA job whose token moves do not fit {@link AdLda.Change}. */
    private static void checkDataParallel(LdaHyperparameters hyper, VocabularyBlocks layout) {
        if (hyper.blocks() > AdLda.Change.MAX_BLOCKS) {
            throw new BadInputException("Invalid --blocks-per-worker: " + hyper.blocks() + " blocks (data-parallel LDA"
                    + " takes at most " + AdLda.Change.MAX_BLOCKS + ")");
        }
        for (int b = 0; b < hyper.blocks(); b++) {
            if (layout.rowStart(b).length - 1 > AdLda.Change.MAX_BLOCK_WORDS) {
                throw new BadInputException("Invalid --schedule: data-parallel (vocabulary block " + b + " has "
                        + (layout.rowStart(b).length - 1) + " words; data-parallel LDA takes at most "
                        + AdLda.Change.MAX_BLOCK_WORDS + " a block: use more --blocks-per-worker)");
            }
        }
    }

    /** A test corpus, read and mapped onto the training vocabulary. */
    private record HeldOut(CorpusLoader.Loaded loaded, HeldOutEvaluator.Mapped mapped) {
    }

    /** The spec's {@code testCorpus} (--test-corpus), read and checked before any node starts; null when none. */
    private static HeldOut heldOut(JobSpec spec, Corpus training) {
        String path = spec.param("testCorpus", (String) null);
        if (path == null) {
            return null;
        }
        if (path.startsWith(TopicModelCorpus.SCHEME)) {
            throw new BadInputException("Invalid --test-corpus: " + path + " (a generated corpus has topics of its own,"
                    + " so it cannot be held out from another run's; write held-out documents to files instead)");
        }
        CorpusLoader.Loaded test = CorpusLoader.load(java.nio.file.Path.of(path), 1, 1);
        HeldOutEvaluator.Mapped mapped = HeldOutEvaluator.mapVocabulary(test.corpus(), training.vocabulary());
        if (mapped.corpus().tokens() < 2) {
            throw new BadInputException("Invalid --test-corpus: " + path + " (" + mapped.corpus().tokens()
                    + " of its tokens are words of the training vocabulary; at least 2 are needed)");
        }
        return new HeldOut(test, mapped);
    }

    /** The vocabulary rotation (model-parallel) and AD-LDA (data-parallel). */
    @Override
    public List<String> schedules() {
        return List.of(JobSpec.MODEL_PARALLEL, JobSpec.DATA_PARALLEL);
    }

    @Override
    public Job plan(JobSpec spec) {
        checkSchedule(spec);
        LdaOptions o = LdaOptions.from(spec);
        CorpusLoader.Loaded loaded = CorpusLoader.load(o.corpus(), o.minDf(), o.minDocLength());
        Corpus corpus = loaded.corpus();
        int workers = spec.nodes();
        int blocks = workers * blocksPerWorker(spec);
        LdaHyperparameters hyper = new LdaHyperparameters(o.topics(), o.alpha(), o.beta(), corpus.vocabularySize(),
                blocks, sampler(spec, o.topics()), mhSteps(spec));
        LdaPlanner planner = new LdaPlanner(corpus, hyper, workers, spec.seed());
        List<LdaShard> shards = planner.shards();
        HeldOut heldOut = heldOut(spec, corpus);
        LdaEvaluate evaluate = new LdaEvaluate(hyper, corpus.tokens());
        Job.Builder b = Job.builder(spec)
                .shards(shards)
                .state(new LdaState(shards.get(0).initialTopicTotals(), corpus.vocabulary()));
        if (JobSpec.DATA_PARALLEL.equals(spec.schedule())) {
            checkDataParallel(hyper, planner.layout());
            b.schedule(new AdLda.Schedule(o.iterations()))
                    .update(new AdLda.Update(hyper))
                    .aggregate(new AdLda.Aggregate())
                    .evaluate(new AdLda.Evaluate(hyper, evaluate));
        } else {
            b.schedule(new RotationSchedule(blocks, workers, o.iterations()))
                    .update(new GibbsUpdate(hyper))
                    .aggregate(new TopicTotalsAggregate())
                    .evaluate(evaluate);
        }
        b.results(new LdaResults(planner.layout(), hyper, corpus.tokens(), corpus.documents(),
                        heldOut == null ? null : heldOut.mapped().corpus(), spec.seed()));
        loaded.provenance().forEach(b::provenance);
        if (heldOut != null) {
            List<Object> inputs = new java.util.ArrayList<>((List<?>) loaded.provenance().get(DataFiles.INPUTS));
            inputs.addAll((List<?>) heldOut.loaded().provenance().get(DataFiles.INPUTS));
            b.provenance(DataFiles.INPUTS, inputs);
            b.provenance("testCorpus", heldOut.loaded().provenance().get("corpus"));
            b.provenance("testCorpusDroppedTokens", heldOut.mapped().dropped());
            b.provenance("heldOutMethod", "document completion: even-position tokens folded in ("
                    + HeldOutEvaluator.DEFAULT_BURN_IN + " burn-in + " + HeldOutEvaluator.DEFAULT_SAMPLES
                    + " averaged Gibbs sweeps, topics fixed at phi = (n_wk + beta) / (n_k + W beta)), odd-position"
                    + " tokens scored by log sum_k theta_dk phi_kw");
        }
        b.provenance("sampler", hyper.samplerDescription());
        if (JobSpec.DATA_PARALLEL.equals(spec.schedule())) {
            b.provenance("algorithm", "AD-LDA (Newman et al. 2009): every worker samples all its tokens against its"
                    + " copy of the word-topic table; the copies are merged after every sweep");
        } else {
            b.provenance("rotation", blocks + " vocabulary blocks rotated over " + workers + " workers per iteration,"
                    + " each handed straight to the worker that samples it next");
        }
        b.provenance("initialTopics", "uniform, SplittableRandom(seed) over the corpus in document order");
        b.provenance("alpha", o.alpha());
        b.provenance("beta", o.beta());
        b.provenance("topics", o.topics());
        return b.build();
    }
}

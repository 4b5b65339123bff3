package org.strads4j.apps.mf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.strads4j.api.App;
import org.strads4j.api.BadInputException;
import org.strads4j.api.Job;
import org.strads4j.api.JobSpec;
import org.strads4j.io.DataFiles;
import org.strads4j.io.MemoryBudget;
import org.strads4j.kernel.Device;

/**
 * Collaborative-filtering matrix factorisation by CCD++ (Yu, Hsieh, Si and Dhillon, ICDM 2012)
 * under the model-parallel schedule: minimises
 * {@code sum_(i,j) (a_ij - w_i . h_j)^2 + lambda * (sum_i c_i |w_i|^2 + sum_j c_j |h_j|^2)} by
 * rank-one updates of one feature at a time on the residual. Users are cut into row blocks and
 * items into column blocks, one of each per worker; the ratings are held twice (by row block and by
 * column block) with their residuals.
 *
 * <p>Planning reads and checks the data (or generates the bundled synthetic set) before any node
 * starts. Parameters ({@link MfOptions#toParams()}): {@code train}, {@code test}, {@code rank},
 * {@code lambda}, {@code reg}, {@code iterations}, {@code inner}; and {@link Device#PARAM}: CCD++
 * runs its residual work in plain Java or on a GPU ({@link MfKernel}), while ALS and SGD refuse
 * {@code gpu}. The spec's {@code maxRounds} should be {@code iterations * 2 * rank * inner} (the
 * command line sets it so).
 */
public final class MfApp implements App {
    /** Share of the bundled synthetic ratings held out as the test set. */
    static final double SYNTHETIC_TEST_SHARE = 0.2;
    /** The most entries of one factor array ({@code rank x users} or {@code rank x items}). */
    static final long MAX_FACTOR_ARRAY = Integer.MAX_VALUE - 8;

    @Override
    public String name() {
        return "mf";
    }

    @Override
    public String description() {
        return "Matrix factorisation (collaborative filtering) by CCD++, rows and columns split over the workers";
    }

    /** CCD++ (model-parallel) has CUDA kernels ({@link CudaMfKernel}); ALS and SGD refuse {@code --device gpu}. */
    @Override
    public boolean hasGpuKernels() {
        return true;
    }

    /**
     * Refuses {@code --device gpu} under a schedule whose kernels are CPU-only (ALS under
     * data-parallel, SGD under param-server): bad input, before anything is read.
     */
    static void checkDevice(JobSpec spec) {
        if (Device.of(spec.params()) == Device.GPU && !JobSpec.MODEL_PARALLEL.equals(spec.schedule())) {
            throw new BadInputException("Invalid --device: gpu (mf's " + spec.schedule() + " schedule has CPU kernels"
                    + " only; CCD++ under " + JobSpec.MODEL_PARALLEL + " has CUDA kernels, and --device auto runs"
                    + " every schedule)");
        }
    }

    @Override
    public Job plan(JobSpec spec) {
        checkSchedule(spec);
        checkDevice(spec);
        MfOptions o = MfOptions.from(spec);
        Ratings train;
        Ratings test;
        String dataSource;
        List<DataFiles.Input> inputs = new ArrayList<>();
        if (o.train() == null) {
            SyntheticRatings gen = SyntheticRatings.bundled();
            Ratings[] split = gen.generate(SYNTHETIC_TEST_SHARE);
            train = split[0];
            test = split[1];
            dataSource = gen.describe() + ", test share " + SYNTHETIC_TEST_SHARE + " (generated: no input file)";
        } else {
            train = RatingsReader.read(o.train());
            inputs.add(DataFiles.input(o.train()));
            test = null;
            if (o.test() != null) {
                test = RatingsReader.read(o.test());
                inputs.add(DataFiles.input(o.test()));
            }
            dataSource = o.train() + (o.test() == null ? "" : " + " + o.test());
        }
        long testSize = test == null ? 0 : test.size();
        MemoryBudget.require(train.source() + ": indexing " + String.format(Locale.ROOT, "%,d", train.size() + testSize)
                + " ratings", MfMemoryEstimate.indexingBytes(train.size(), testSize));
        MfData data = MfData.of(train, test);
        return plan(spec, o, data, dataSource, inputs);
    }

    /** Plans {@code data} (already read, from no file) under {@code spec}; tests call this directly. */
    static Job plan(JobSpec spec, MfOptions o, MfData data, String dataSource) {
        return plan(spec, o, data, dataSource, List.of());
    }

    /** Plans {@code data}, read from {@code inputs}, under {@code spec}. */
    static Job plan(JobSpec spec, MfOptions o, MfData data, String dataSource, List<DataFiles.Input> inputs) {
        new MfApp().checkSchedule(spec);
        checkDevice(spec);
        checkSizes(o, data, spec.nodes(), dataSource);
        Device device = Device.of(spec.params());
        double[] h0 = data.initialItemFactors(o.rank(), spec.seed());
        List<MfShard> shards = List.of(data.shards(spec.nodes(), h0));
        MfCoordinatorState state = new MfCoordinatorState(h0, data.userIds(), data.itemIds());
        Job.Builder b = Job.builder(spec).shards(shards).state(state);
        String algorithm;
        switch (spec.schedule()) {
            case JobSpec.DATA_PARALLEL -> {
                state.itemCounts = itemCounts(shards, data.items());
                b.schedule(new AlsMf.Schedule())
                        .update(new AlsMf.Update(o.rank(), o.lambda(), o.reg()))
                        .aggregate(new AlsMf.Aggregate(o.rank(), o.lambda(), o.reg()))
                        .evaluate(new LocalFactors.Evaluate(o.rank(), o.lambda(), o.reg(), data.trainSize(), 1, false));
                algorithm = "ALS, one round per iteration, W = 0, H ~ N(0, 0.1^2) from the seed";
            }
            case JobSpec.PARAM_SERVER -> {
                b.update(new SgdMf.Update(o.rank(), o.lambda(), o.reg(), itemCounts(shards, data.items())))
                        .evaluate(new LocalFactors.Evaluate(o.rank(), o.lambda(), o.reg(), data.trainSize(),
                                SgdMf.CLOCKS_PER_EPOCH, true));
                algorithm = "SGD, " + SgdMf.CLOCKS_PER_EPOCH + " clocks per epoch, step " + SgdMf.ETA + " / (1 + epoch / "
                        + SgdMf.DECAY + "), W ~ N(0, 0.1^2)"
                        + " from each worker's seed, H ~ N(0, 0.1^2) from the seed";
            }
            default -> {
                b.schedule(new MfSchedule(o.rank(), o.inner()))
                        .update(new MfUpdate(o.rank(), o.lambda(), o.reg(), device))
                        .aggregate(new MfAggregate(o.rank(), data.users(), data.items()))
                        .evaluate(new MfEvaluate(o.rank(), o.lambda(), o.reg(), data.trainSize(), o.roundsPerIteration(),
                                device));
                algorithm = "CCD++ (Yu, Hsieh, Si, Dhillon, ICDM 2012), W = 0, H ~ N(0, 0.1^2) from the seed";
            }
        }
        b.results(new MfResults(o, data, spec.schedule()))
                .provenance("algorithm", algorithm)
                .provenance("data", dataSource)
                .provenance(DataFiles.INPUTS, List.copyOf(inputs))
                .provenance("users", data.users())
                .provenance("items", data.items())
                .provenance("trainRatings", data.trainSize())
                .provenance("testRatings", data.testSize())
                .provenance("testRatingsUnseen", data.unseenTestRatings())
                .provenance("rank", o.rank())
                .provenance("lambda", o.lambda())
                .provenance("reg", o.reg().label())
                .provenance("innerIterations", o.inner())
                .provenance("roundsPerIteration", o.roundsPerIteration(spec.schedule()));
        if (data.unseenTestRatings() > 0) {
            b.warning(unseenWarning(data, o));
        }
        return b.build();
    }

    /** Training ratings per item, from the shards' column blocks. */
    private static int[] itemCounts(List<MfShard> shards, int items) {
        int[] counts = new int[items];
        for (MfShard s : shards) {
            int[] cp = s.colPtr();
            for (int c = 0; c < cp.length - 1; c++) {
                counts[s.itemFrom() + c] = cp[c + 1] - cp[c];
            }
        }
        return counts;
    }

    /** CCD++ rounds (model-parallel), ALS iterations (data-parallel) or SGD epochs on a parameter server. */
    @Override
    public List<String> schedules() {
        return JobSpec.SCHEDULES;
    }

    /** The warning about test ratings left out of testRmse. */
    static String unseenWarning(MfData data, MfOptions o) {
        return String.format(Locale.ROOT, "%,d of the %,d test ratings%s name a user (%,d) or an item (%,d) with no"
                        + " training rating; they are left out of testRmse (testRatingsUnseen)",
                data.unseenTestRatings(), data.unseenTestRatings() + data.testSize(),
                o.test() == null ? "" : " in " + o.test(), data.unseenTestUsers(), data.unseenTestItems());
    }

    /**
     * Refuses, before any factor array is allocated, a rank whose factor arrays ({@code rank x
     * users}, {@code rank x items}) exceed a Java array, and a job that does not fit in the heap or
     * in a node's data region; the rank is blamed when it makes most of the need.
     */
    static void checkSizes(MfOptions o, MfData data, int nodes, String dataSource) {
        long rank = o.rank();
        long widest = Math.max(data.users(), data.items());
        if (rank * widest > MAX_FACTOR_ARRAY) {
            throw new BadInputException("Invalid --rank: " + rank + " (rank x max(users, items) = " + rank + " x "
                    + widest + " factor entries exceed the " + MAX_FACTOR_ARRAY + " a Java array holds; use at most "
                    + MAX_FACTOR_ARRAY / widest + ")");
        }
        MfMemoryEstimate estimate = MfMemoryEstimate.of(data, nodes);
        long heap = estimate.heapBytes(rank);
        String job = "the mf job (" + estimate.describe(rank) + ")";
        boolean rankToBlame = 2 * estimate.rankBytes(rank) >= heap;
        String heapShort = MemoryBudget.shortfall(heap);
        if (heapShort != null) {
            throw new BadInputException(rankToBlame
                    ? "Invalid --rank: " + rank + " (" + job + " " + heapShort + ", or lower --rank)"
                    : dataSource + ": " + job + " " + heapShort);
        }
        MemoryBudget.requireNodeStoreFits((rankToBlame ? "Invalid --rank: " + rank + ": " : dataSource + ": ")
                        + "a worker's shard and its share of the factors of " + job, estimate.nodeStoreBytes(rank),
                rankToBlame ? "lower --rank" : "use more --nodes, or a lower --rank");
    }
}
